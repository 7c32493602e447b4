#include "base/table.h"

#include <nlohmann/json.hpp>

#include "base/csv.h"

namespace kansrijk {

namespace {

struct ToText {
  std::string operator()(std::monostate) const { return ""; }
  std::string operator()(const std::string& text) const { return text; }
  std::string operator()(int64_t number) const { return std::to_string(number); }
  std::string operator()(bool yes) const { return yes ? "1" : "0"; }
};

struct ToJson {
  nlohmann::ordered_json operator()(std::monostate) const { return nullptr; }
  nlohmann::ordered_json operator()(const std::string& text) const { return text; }
  nlohmann::ordered_json operator()(int64_t number) const { return number; }
  nlohmann::ordered_json operator()(bool yes) const { return yes; }
};

}  // namespace

void WriteTable(const Table& table, TableFormat format, std::ostream& out) {
  if (format == TableFormat::kCsv) {
    out << CsvRow(table.columns);
    for (const std::vector<Cell>& row : table.rows) {
      std::vector<std::string> fields;
      for (const Cell& cell : row) {
        std::string text = std::visit(ToText{}, cell);
        fields.push_back(std::holds_alternative<std::string>(cell) ? SpreadsheetText(std::move(text)) : text);
      }
      out << CsvRow(fields);
    }
    return;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const std::vector<Cell>& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
      object[table.columns[c]] = std::visit(ToJson{}, row[c]);
    }
    rows.push_back(std::move(object));
  }
  out << rows.dump(2) << "\n";
}

}  // namespace kansrijk
