#include "base/csv.h"

#include <csv.h>
#include <fmt/format.h>

namespace kansrijk {

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
