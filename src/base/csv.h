// CSV in and out (RFC 4180 quoting through libcsv), shared by every command that reads or writes CSV.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace kansrijk {

// Reads CSV text (RFC 4180, through libcsv: quoted fields, commas and newlines inside quotes) into rows of
// fields. The separator is the comma, or a semicolon or tab when the first line has more of those (a sheet
// saved by Excel with Dutch settings). Throws Error at `name`:row N when the quoting is broken.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text, const std::string& name);

// A CSV file as a spreadsheet program saves it: any encoding DecodeText reads (Excel's "CSV UTF-8" with a BOM,
// or Windows-1252), separated as ReadCsv reads. An empty file gives no rows. Throws Error naming `name` when
// the file cannot be read or decoded, with `hint` for a missing file.
std::vector<std::vector<std::string>> ReadCsvFile(const std::filesystem::path& file, const std::string& name,
                                                  const std::string& hint = "");

// The one rule by which a header cell names a column: ASCII case and white space around and inside do not
// count, so "File", " file " and "FILE" all name `file`, and "start  time" names `start time`.
std::string ColumnKey(std::string_view header_cell);

// A CSV file whose first row names the columns.
//
//   CsvTable gold = ReadCsvTable("gold.csv", "gold.csv", "give the path of the gold CSV");
//   std::optional<size_t> turn = gold.Column("turn");
//   for (size_t r = 0; r < gold.rows.size(); ++r) ... throw Error(gold.Where(r), "turn 'x' is not a number");
struct CsvTable {
  std::string name;                            // the file as errors name it
  std::vector<std::string> header;             // the first row as written; empty for an empty file
  std::vector<std::vector<std::string>> rows;  // the records after the header

  // The index of the first column whose header matches `column` by ColumnKey; nullopt when there is none.
  std::optional<size_t> Column(std::string_view column) const;
  // Where rows[i] is, for errors: "name:row N", the header being row 1.
  Location Where(size_t i) const { return Location::Row(name, static_cast<int>(i) + 2); }
};

// ReadCsvFile as a table: the first row is the header.
CsvTable ReadCsvTable(const std::filesystem::path& file, const std::string& name, const std::string& hint = "");

// A text cell for a spreadsheet: one that starts with =, +, -, @, a tab or a CR gets a leading ' so that Excel
// and LibreOffice show it as text and never run it as a formula (CSV injection); a lone + or - (a valence),
// which no spreadsheet runs, stays as it is. FromSpreadsheetText undoes it
// for a sheet read back (`import codings`).
std::string SpreadsheetText(std::string cell);
std::string FromSpreadsheetText(std::string cell);

// One CSV line, CRLF-terminated; every field quoted, inner quotes doubled, newlines kept inside quotes.
std::string CsvRow(const std::vector<std::string>& fields);

// "00:01:23.400" for 83400 ms; hours always shown so the column sorts as text.
std::string FormatClock(long long ms);

}  // namespace kansrijk
