#include "export/codings.h"

#include "base/utf8.h"

namespace kansrijk {

void ExportCodings(const Store& store, const TurnFilter& filter, const std::string& coder, const Pseudonyms* hide,
                   TableFormat format, std::ostream& out) {
  Table table{{"file", "year", "type", "turn", "speaker", "code", "valence", "coder", "rule", "start", "end", "text",
               "status", "memo"}};
  for (const CodingRow& c : store.Codings(filter, {.coder = coder, .with_rejected = true})) {
    const std::string& text = c.turn.text;
    std::string span = text.substr(c.span.begin, c.span.end - c.span.begin), memo = c.memo;
    std::string file = c.turn.file, speaker = c.turn.speaker;
    if (hide) {
      file = hide->Document(file), speaker = hide->Speaker(c.turn);
      const std::string where = file + " turn " + std::to_string(c.turn.number);
      span = hide->Text(span, where), memo = hide->Text(memo, where);
    }
    table.rows.push_back({file, int64_t{c.turn.year}, c.turn.type, int64_t{c.turn.number}, speaker, c.code,
                          std::string(1, c.valence), c.coder, c.rules,
                          static_cast<int64_t>(CodePointOffset(text, c.span.begin)),
                          static_cast<int64_t>(CodePointOffset(text, c.span.end)), span, c.status, memo});
  }
  WriteTable(table, format, out);
}

}  // namespace kansrijk
