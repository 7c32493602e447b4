#include "export/turns.h"

#include <nlohmann/json.hpp>

#include "base/csv.h"
#include "base/utf8.h"

namespace kansrijk {

void ExportTurns(const Store& store, const TurnFilter& filter, const Pseudonyms* hide, TableFormat format,
                 std::ostream& out) {
  std::vector<TurnRow> turns = store.Turns(filter);
  if (hide) {
    for (TurnRow& t : turns) {
      t.speaker = hide->Speaker(t);
      t.file = hide->Document(t.file);
      t.text = hide->Text(t.text);
    }
  }
  if (format == TableFormat::kCsv) {
    out << CsvRow({"file", "year", "type", "turn", "speaker", "is_interviewer", "start_time", "text"});
    for (const TurnRow& t : turns) {
      out << CsvRow({t.file, std::to_string(t.year), t.type, std::to_string(t.number), t.speaker,
                     t.is_interviewer ? "1" : "0", t.start_ms ? FormatClock(*t.start_ms) : "",
                     CollapseWhitespace(t.text)});
    }
    return;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const TurnRow& t : turns) {
    rows.push_back({{"file", t.file},
                    {"year", t.year},
                    {"type", t.type},
                    {"turn", t.number},
                    {"speaker", t.speaker},
                    {"is_interviewer", t.is_interviewer},
                    {"start_time", t.start_ms ? nlohmann::ordered_json(FormatClock(*t.start_ms)) : nullptr},
                    {"text", CollapseWhitespace(t.text)}});
  }
  out << rows.dump(2) << "\n";
}

}  // namespace kansrijk
