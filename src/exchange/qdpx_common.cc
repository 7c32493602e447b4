#include "exchange/qdpx_common.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "base/utf8.h"

namespace kansrijk::qdpx {

std::string Lower(std::string_view text) {
  return AsciiLower(text);
}

std::string TrimEnd(std::string_view text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1));
}

std::string Snippet(std::string_view text, size_t chars) {
  std::string collapsed = CollapseWhitespace(text);
  int32_t i = 0, length = static_cast<int32_t>(collapsed.size());
  for (size_t n = 0; n < chars && i < length; ++n)
    U8_FWD_1(reinterpret_cast<const uint8_t*>(collapsed.data()), i, length);
  if (i >= length) return collapsed;
  return collapsed.substr(0, static_cast<size_t>(i)) + "…";
}

std::map<std::string, DocumentText> RenderDocuments(const Store& store) {
  std::map<std::string, std::vector<TurnRow>> turns;
  for (TurnRow& turn : store.Turns({})) turns[turn.file].push_back(std::move(turn));
  std::map<std::string, DocumentText> out;
  for (auto& [file, rows] : turns) out.emplace(file, DocumentText(rows));  // Store::Turns: in turn order
  return out;
}

}  // namespace kansrijk::qdpx
