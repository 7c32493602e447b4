#include "export/codings.h"

#include <nlohmann/json.hpp>

#include "base/csv.h"
#include "base/utf8.h"

namespace kansrijk {

void ExportCodings(const Store& store, const TurnFilter& filter, const std::string& coder, const Pseudonyms* hide,
                   TableFormat format, std::ostream& out) {
  std::vector<CodingRow> codings = store.Codings(filter, {.coder = coder, .with_rejected = true});
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  if (format == TableFormat::kCsv) {
    out << CsvRow({"file", "year", "type", "turn", "speaker", "code", "valence", "coder", "rule", "start", "end", "text", "status",
                  "memo"});
  }
  for (const CodingRow& c : codings) {
    const std::string& text = c.turn.text;
    size_t start = CodePointOffset(text, c.span.begin), end = CodePointOffset(text, c.span.end);
    std::string span = text.substr(c.span.begin, c.span.end - c.span.begin), memo = c.memo;
    std::string file = c.turn.file, speaker = c.turn.speaker;
    if (hide) {
      span = hide->Text(span), memo = hide->Text(memo);
      file = hide->Document(file), speaker = hide->Speaker(c.turn);
    }
    if (format == TableFormat::kCsv) {
      out << CsvRow({file, std::to_string(c.turn.year), c.turn.type, std::to_string(c.turn.number), speaker, c.code,
                     std::string(1, c.valence), c.coder, c.rules, std::to_string(start), std::to_string(end), span,
                     c.status, memo});
    } else {
      rows.push_back({{"file", file}, {"year", c.turn.year}, {"type", c.turn.type}, {"turn", c.turn.number},
                      {"speaker", speaker}, {"code", c.code}, {"valence", std::string(1, c.valence)},
                      {"coder", c.coder}, {"rule", c.rules}, {"start", start}, {"end", end}, {"text", span},
                      {"status", c.status}, {"memo", memo}});
    }
  }
  if (format == TableFormat::kJson) out << rows.dump(2) << "\n";
}

}  // namespace kansrijk
