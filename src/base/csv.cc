#include "base/csv.h"

#include <csv.h>
#include <fmt/format.h>

#include <cctype>
#include <iterator>

#include "base/decode.h"
#include "base/error.h"
#include "base/file.h"
#include "base/utf8.h"

namespace kansrijk {

namespace {

// The separator of the first line, outside quotes: a comma, or the semicolon that Excel writes where the
// decimal separator is a comma (Dutch settings), or a tab. The most frequent wins; a comma on a tie.
char GuessDelimiter(const std::string& text) {
  int commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',', semicolons += c == ';', tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  return tabs > commas ? '\t' : ',';
}

}  // namespace

std::vector<std::vector<std::string>> ReadCsv(const std::string& bytes, const std::string& name) {
  struct Sink {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
  } sink;
  csv_parser parser;
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  char delimiter = GuessDelimiter(bytes);
  csv_set_delim(&parser, delimiter);
  auto on_field = [](void* field, size_t size, void* data) {
    static_cast<Sink*>(data)->row.emplace_back(static_cast<const char*>(field), size);
  };
  auto on_row = [](int, void* data) {
    auto* sink = static_cast<Sink*>(data);
    sink->rows.push_back(std::move(sink->row));
    sink->row.clear();
  };
  size_t done = csv_parse(&parser, bytes.data(), bytes.size(), on_field, on_row, &sink);
  bool failed = done != bytes.size() || csv_fini(&parser, on_field, on_row, &sink) != 0;
  std::string why = csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (failed) {
    throw Error(Location::Row(name, static_cast<int>(sink.rows.size()) + 1),
                "cannot read the CSV: " + why + " (in or after this row)",
                fmt::format("check the double quotes: a quoted field must end with a quote before the next {}",
                            delimiter == ';' ? "semicolon" : delimiter == '\t' ? "tab" : "comma"));
  }
  return sink.rows;
}

std::vector<std::vector<std::string>> ReadCsvFile(const std::filesystem::path& file, const std::string& name,
                                                  const std::string& hint) {
  std::string bytes = ReadFile(file, {.name = name, .hint = hint});
  if (bytes.empty()) return {};
  return ReadCsv(DecodeText(bytes, name).text, name);
}

std::string ColumnKey(std::string_view header_cell) {
  return AsciiLower(CollapseWhitespace(header_cell));
}

std::optional<size_t> CsvTable::Column(std::string_view column) const {
  const std::string wanted = ColumnKey(column);
  for (size_t c = 0; c < header.size(); ++c) {
    if (ColumnKey(header[c]) == wanted) return c;
  }
  return std::nullopt;
}

CsvTable ReadCsvTable(const std::filesystem::path& file, const std::string& name, const std::string& hint) {
  CsvTable table{.name = name};
  std::vector<std::vector<std::string>> rows = ReadCsvFile(file, name, hint);
  if (rows.empty()) return table;
  table.header = std::move(rows[0]);
  table.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return table;
}

namespace {
// A lone + or - (a valence) is text to every spreadsheet: left as it is, so a review sheet reads naturally.
bool RunsAsFormula(std::string_view cell) {
  if (cell == "+" || cell == "-") return false;
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos;
}
}  // namespace

std::string SpreadsheetText(std::string cell) {
  if (RunsAsFormula(cell)) cell = "'" + cell;
  return cell;
}

std::string FromSpreadsheetText(std::string cell) {
  if (cell.size() > 1 && cell[0] == '\'' && RunsAsFormula(std::string_view(cell).substr(1))) cell.erase(0, 1);
  return cell;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    std::string quoted(fields[i].size() * 2 + 2, '\0');
    size_t size = csv_write(quoted.data(), quoted.size(), fields[i].data(), fields[i].size());
    line.append(quoted.data(), size);
  }
  line += "\r\n";
  return line;
}

std::string FormatClock(long long ms) {
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

}  // namespace kansrijk
