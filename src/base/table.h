// A table of typed cells, rendered as CSV or JSON by one writer: the exports, search results and anything else
// a user may open in a spreadsheet or read from a script.
//
//   Table table{{"file", "turn", "text"}};
//   table.rows.push_back({"2021/a.txt", int64_t{3}, "Te weinig geld."});
//   WriteTable(table, TableFormat::kJson, std::cout);   // [{"file": "2021/a.txt", "turn": 3, ...}]
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace kansrijk {

enum class TableFormat { kCsv, kJson };

// A cell: text, a number, a yes/no (CSV 1/0, JSON true/false) or nothing (CSV empty, JSON null).
using Cell = std::variant<std::monostate, std::string, int64_t, bool>;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // each as long as columns
};

// CSV: a header row, then one CRLF-terminated row per row (base/csv.h CsvRow). JSON: an array of objects with
// the columns as keys in order, indented by 2, with a final newline.
void WriteTable(const Table& table, TableFormat format, std::ostream& out);

}  // namespace kansrijk
