// Small UTF-8 helpers shared by the stages: code-point counting, line/column positions, keyword in context.
// ICU does the real Unicode work; these only walk bytes of text that is already valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/span.h"

namespace kansrijk {

// Number of code points in `text[0, byte_offset)`. REFI-QDA and our exports count code points.
size_t CodePointOffset(std::string_view text, size_t byte_offset);

// The byte offset of code point `index` of `text` (the inverse of CodePointOffset); nothing when the text has
// fewer code points.
std::optional<size_t> ByteOffsetOfCodePoint(std::string_view text, size_t index);

// `byte_offset`, moved back to the first byte of the code point it falls in (a cut there splits no character).
size_t CodePointStart(std::string_view text, size_t byte_offset);

// 1-based line and column (in code points) of `byte_offset`.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn LineColumnAt(std::string_view text, size_t byte_offset);

// `text` with A-Z as a-z and every other byte as it is (identifiers, extensions, headers: never Dutch text,
// which ICU case-folds in normalize/).
std::string AsciiLower(std::string_view text);

// Collapses every run of white space (including newlines) to one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);
// `text` without spaces, tabs and line ends at either end.
std::string_view Trim(std::string_view text);
// `text` without a leading UTF-8 byte order mark.
std::string_view WithoutBom(std::string_view text);

// A match with the text around it, for keyword-in-context lines: "…omdat er gewoon te weinig " "geld" " is…".
struct Kwic {
  std::string left;   // up to `context_chars` code points before the match, whitespace collapsed, "…" where cut
  std::string text;   // the match as written, whitespace collapsed
  std::string right;  // likewise after the match
};
// `match` is a byte span of `text`; the context is cut at a space where possible, so it starts and ends with
// whole words. Used by search (search/) and term suggestions (code/suggest.h).
Kwic KeywordInContext(std::string_view text, Span match, int context_chars);

}  // namespace kansrijk
