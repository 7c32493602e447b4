#include <fmt/format.h>

#include "base/error.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

std::vector<SourceLine> SplitLines(std::string_view text, const std::string& name, const TranscriptLimits& limits) {
  std::vector<SourceLine> lines;
  int number = 1;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    bool end = i == text.size();
    if (!end && text[i] != '\n' && text[i] != '\r') continue;
    if (i - start > limits.max_line_bytes) {
      throw Error({name, number},
                  fmt::format("line is {} KB long (limit {} KB); this is not a transcript as we know it",
                              (i - start) >> 10, limits.max_line_bytes >> 10),
                  "break the text into paragraphs, one per speaker turn");
    }
    if (!end || i > start) lines.push_back({text.substr(start, i - start), number});
    if (!end && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    ++number;
    start = i + 1;
  }
  return lines;
}

}  // namespace kansrijk::internal
