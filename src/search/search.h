// Full-text search over turns, as keyword-in-context lines.
//
//   Search(store, {.query = "financiering NEAR(tekort personeel, 6)"})
//   → one KwicLine per match: "… omdat er gewoon te weinig [financiering] is …", with file, year, turn, speaker.
//
// The query is FTS5 syntax (phrases "...", prefix*, NEAR(a b, N), AND/OR/NOT, parentheses), matched
// with the same normalisation, stems and compound parts as the index (see store/fts_tokenizer.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/table.h"
#include "store/store.h"

namespace kansrijk {

struct SearchRequest {
  std::string query;
  TurnFilter filter;
  int limit = -1;           // turns; -1 = all
  int context_chars = 60;   // code points of context on each side
};

struct KwicLine {
  TurnRow turn;
  Span match;         // bytes of turn.text
  std::string left;   // whitespace collapsed, "…" where cut
  std::string text;   // the matched words as written
  std::string right;
};

// Quotes bare terms FTS5 would misread (e-mail, zo'n, o.a., 3,5) and leaves its syntax alone.
std::string PrepareQuery(std::string_view query);

// Throws Error (with SQLite's explanation and a hint) when the query is malformed.
std::vector<KwicLine> Search(const Store& store, const SearchRequest& request);

// The lines as a table (file,year,type,turn,speaker,is_interviewer,left,match,right), for CSV and JSON.
Table KwicTable(const std::vector<KwicLine>& lines);
// One line for a terminal: "2021 interview 2021/a.txt#6 Petra: …te weinig «geld» is…".
std::string KwicText(const KwicLine& line);

}  // namespace kansrijk
