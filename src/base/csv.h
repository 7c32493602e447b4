// CSV in and out (RFC 4180 quoting through libcsv), shared by every command that reads or writes CSV.
#pragma once

#include <string>
#include <vector>

namespace kansrijk {

// Reads CSV text (RFC 4180, through libcsv: quoted fields, commas and newlines inside quotes) into rows of
// fields. The separator is the comma, or a semicolon or tab when the first line has more of those (a sheet
// saved by Excel with Dutch settings). Throws Error at `name`:row when the quoting is broken.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text, const std::string& name);

// One CSV line, CRLF-terminated; every field quoted, inner quotes doubled, newlines kept inside quotes.
std::string CsvRow(const std::vector<std::string>& fields);

// "00:01:23.400" for 83400 ms; hours always shown so the column sorts as text.
std::string FormatClock(long long ms);

}  // namespace kansrijk
