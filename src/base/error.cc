#include "base/error.h"

namespace kansrijk {

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  } else if (row > 0) {
    out += ":row " + std::to_string(row);
  }
  return out;
}

namespace {
std::string Compose(const Location& where, const std::string& message, const std::string& hint) {
  std::string out = where.ToString();
  if (!out.empty()) out += ": ";
  out += message;
  if (!hint.empty()) out += " (hint: " + hint + ")";
  return out;
}
}  // namespace

std::string Diagnostic::ToString() const { return Compose(where, message, ""); }

Error::Error(Location where, const std::string& message, const std::string& hint)
    : std::runtime_error(Compose(where, message, hint)),
      where_(std::move(where)),
      message_(message),
      hint_(hint) {}

}  // namespace kansrijk
