// Internal to store/: the Store's connection and the SQL pieces its files share (store.cc: documents, turns,
// codings and the researcher's work; review_queries.cc: what the review app asks; models.cc: learn's models).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "normalize/morphology.h"
#include "store/fts_tokenizer.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace kansrijk {

struct Store::Impl {
  sqlite3* db = nullptr;
  Morphology morphology;
  TokenizerContext tokenizer{&morphology};  // the index's tokenizer on `db` (fts_tokenizer.h)
  std::map<std::string, sqlite::Statement, std::less<>> statements;

  explicit Impl(Morphology m) : morphology(std::move(m)) {}
  ~Impl() { Close(); }
  void Close() {
    statements.clear();
    sqlite3_close(db);
    db = nullptr;
  }

  // Prepared once, reused: the write path runs these for every turn.
  sqlite::Statement& Prepared(std::string_view sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) it = statements.emplace(std::string(sql), sqlite::Statement(db, sql)).first;
    it->second.Reset();
    return it->second;
  }

  Reanchored Reanchor(int64_t document, const std::string& file);
  // Puts the forms of the words whose forms were made since the last call into index_forms (fts_tokenizer.h).
  void RecordIndexForms();
  // Store::KeepWordParts within the caller's transaction.
  void KeepWordParts();
  // The id in coding_labels of a text a coding row refers to (a code, a rule list, a valence reason, a codebook
  // id), added when new; `seen` keeps one write's lookups, so each distinct text is looked up once.
  int64_t LabelId(const std::string& text, std::unordered_map<std::string, int64_t>& seen);
  // The codebook's rows (codebooks, codes), written again when its hash or file changed; returns its label id.
  int64_t PutCodebook(const Codebook& codebook, std::unordered_map<std::string, int64_t>& seen);
  // Rule codings (turn id, coding) of the codebook with label id `book`.
  void InsertRuleCodings(int64_t book, const std::vector<std::pair<int64_t, const Coding*>>& codings,
                         std::unordered_map<std::string, int64_t>& seen);
};


namespace store_internal {

using Value = std::variant<int64_t, std::string>;

// WHERE conditions (each starting with " AND ") for a filter over `documents d` joined with `speakers s`; their
// values are appended to `values`, in order, for plain `?` parameters.
std::string FilterSql(const TurnFilter& filter, std::vector<Value>& values);
void BindAll(sqlite::Statement& statement, const std::vector<Value>& values, int first = 1);

// The columns of a TurnRow over `turns t`, `documents d` and `speakers s`, and their reader (columns 0-10).
inline constexpr const char* kTurnColumns =
    "t.id, d.file, d.year, d.type, t.number, coalesce(s.label, ''), coalesce(s.is_interviewer, 0), t.start_ms, "
    "t.end_ms, t.text, t.words";
TurnRow ReadTurnRow(const sqlite::Statement& row);

// documents.text_hash: XXH3-128 of the turns' texts in number order, each ended by a NUL (store/check.cc).
std::string TextHash(const std::vector<std::string_view>& turn_texts);
// Fills documents.text_hash where it is empty (documents stored before schema 6), from the stored turns.
void FillTextHashes(sqlite3* db);

}  // namespace store_internal
}  // namespace kansrijk
