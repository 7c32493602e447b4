// Small UTF-8 helpers shared by the stages: code-point counting and line/column positions.
// ICU does the real Unicode work; these only walk bytes of text that is already valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kansrijk {

// Number of code points in `text[0, byte_offset)`. REFI-QDA and our exports count code points.
size_t CodePointOffset(std::string_view text, size_t byte_offset);

// 1-based line and column (in code points) of `byte_offset`.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn LineColumnAt(std::string_view text, size_t byte_offset);

// Collapses every run of white space (including newlines) to one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

}  // namespace kansrijk
