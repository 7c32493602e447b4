#include "export/turns.h"

#include <fmt/format.h>

#include "base/csv.h"
#include "base/utf8.h"

namespace kansrijk {

void ExportTurns(const Store& store, const TurnFilter& filter, const std::string&, const Pseudonyms* hide,
                 TableFormat format, std::ostream& out) {
  Table table{{"file", "year", "type", "turn", "speaker", "is_interviewer", "start_time", "text"}};
  for (const TurnRow& t : store.Turns(filter)) {
    table.rows.push_back({hide ? hide->Document(t.file) : t.file, int64_t{t.year}, t.type, int64_t{t.number},
                          hide ? hide->Speaker(t) : t.speaker, t.is_interviewer,
                          t.start_ms ? Cell(FormatClock(*t.start_ms)) : Cell(),
                          CollapseWhitespace(hide ? hide->Text(t.text, fmt::format("{} turn {}", hide->Document(t.file),
                                                                                     t.number))
                                                  : t.text)});
  }
  WriteTable(table, format, out);
}

}  // namespace kansrijk
