// CSV output (RFC 4180 quoting through libcsv), shared by every command that writes CSV.
#pragma once

#include <string>
#include <vector>

namespace kansrijk {

// One CSV line, CRLF-terminated; every field quoted, inner quotes doubled, newlines kept inside quotes.
std::string CsvRow(const std::vector<std::string>& fields);

// "00:01:23.400" for 83400 ms; hours always shown so the column sorts as text.
std::string FormatClock(long long ms);

}  // namespace kansrijk
