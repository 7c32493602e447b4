#include "base/utf8.h"

#include <unicode/utf8.h>

namespace kansrijk {

namespace {
bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Up to `chars` code points of `text` before (backward) or after `at`, cut at a space where possible.
std::string Context(std::string_view text, size_t at, int chars, bool backward) {
  size_t begin = at, end = at;
  int32_t i = static_cast<int32_t>(at);
  for (int n = 0; n < chars; ++n) {
    if (backward) {
      if (i <= 0) break;
      U8_BACK_1(reinterpret_cast<const uint8_t*>(text.data()), 0, i);
      begin = static_cast<size_t>(i);
    } else {
      if (i >= static_cast<int32_t>(text.size())) break;
      U8_FWD_1(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()));
      end = static_cast<size_t>(i);
    }
  }
  bool cut = backward ? begin > 0 : end < text.size();
  if (cut) {  // do not end in the middle of a word
    if (backward) {
      size_t space = text.find_first_of(" \n\t", begin);
      if (space != std::string_view::npos && space < at) begin = space + 1;
    } else {
      size_t space = text.find_last_of(" \n\t", end);
      if (space != std::string_view::npos && space > at) end = space;
    }
  }
  std::string piece = CollapseWhitespace(text.substr(begin, end - begin));
  if (backward) {
    if (!text.substr(begin, at - begin).empty() && (text[at - 1] == ' ' || text[at - 1] == '\n')) piece += ' ';
    return cut ? "…" + piece : piece;
  }
  if (at < text.size() && (text[at] == ' ' || text[at] == '\n') && !piece.empty()) piece = ' ' + piece;
  return cut ? piece + "…" : piece;
}

}  // namespace

size_t CodePointOffset(std::string_view text, size_t byte_offset) {
  size_t count = 0;
  for (size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if (!IsContinuation(static_cast<unsigned char>(text[i]))) ++count;
  }
  return count;
}

std::optional<size_t> ByteOffsetOfCodePoint(std::string_view text, size_t index) {
  size_t byte = 0;
  for (size_t i = 0; i < index; ++i) {
    if (byte >= text.size()) return std::nullopt;
    ++byte;
    while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
  }
  return byte;
}

size_t CodePointStart(std::string_view text, size_t byte_offset) {
  while (byte_offset > 0 && byte_offset < text.size() && IsContinuation(static_cast<unsigned char>(text[byte_offset]))) {
    --byte_offset;
  }
  return byte_offset;
}

LineColumn LineColumnAt(std::string_view text, size_t byte_offset) {
  LineColumn at;
  for (size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else if (!IsContinuation(c)) {
      ++at.column;
    }
  }
  return at;
}

std::string_view WithoutBom(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

Kwic KeywordInContext(std::string_view text, Span match, int context_chars) {
  return {Context(text, match.begin, context_chars, true), CollapseWhitespace(text.substr(match.begin, match.size())),
          Context(text, match.end, context_chars, false)};
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace kansrijk
