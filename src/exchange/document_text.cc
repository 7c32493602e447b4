#include "exchange/document_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/error.h"

namespace kansrijk {

namespace {
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

DocumentText::DocumentText(const std::vector<TurnRow>& turns) {
  for (const TurnRow& turn : turns) {
    if (!turn.speaker.empty()) text_ += turn.speaker + ": ";
    Part part;
    part.turn = turn.number;
    part.bytes.begin = static_cast<uint32_t>(text_.size());
    text_ += turn.text;
    part.bytes.end = static_cast<uint32_t>(text_.size());
    text_ += "\n\n";
    parts_.push_back(part);
  }
  byte_of_.reserve(text_.size() + 1);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (!IsContinuation(text_[i])) byte_of_.push_back(static_cast<uint32_t>(i));
  }
  byte_of_.push_back(static_cast<uint32_t>(text_.size()));
  for (Part& part : parts_) {
    part.start = CodePointOf(part.bytes.begin);
    part.end = CodePointOf(part.bytes.end);
  }
}

const DocumentText::Part* DocumentText::Find(int turn) const {
  auto it = std::lower_bound(parts_.begin(), parts_.end(), turn, [](const Part& p, int n) { return p.turn < n; });
  return it != parts_.end() && it->turn == turn ? &*it : nullptr;
}

size_t DocumentText::ByteOf(size_t code_point) const { return byte_of_[std::min(code_point, size())]; }

size_t DocumentText::CodePointOf(size_t byte_offset) const {
  return static_cast<size_t>(std::lower_bound(byte_of_.begin(), byte_of_.end(), byte_offset) - byte_of_.begin());
}

std::pair<size_t, size_t> DocumentText::CodePoints(int turn, Span span) const {
  const Part* part = Find(turn);
  if (!part) throw Error({}, fmt::format("the document has no turn {}", turn));
  if (span.begin > span.end || span.end > part->bytes.size()) {
    throw Error({}, fmt::format("the span {}:{} does not lie within turn {}", span.begin, span.end, turn));
  }
  return {CodePointOf(part->bytes.begin + span.begin), CodePointOf(part->bytes.begin + span.end)};
}

std::vector<TurnSpan> DocumentText::TurnSpans(size_t start, size_t end) const {
  std::vector<TurnSpan> out;
  size_t begin_byte = ByteOf(start), end_byte = ByteOf(std::max(start, end));
  for (const Part& part : parts_) {
    size_t from = std::max<size_t>(begin_byte, part.bytes.begin), to = std::min<size_t>(end_byte, part.bytes.end);
    if (from >= to) continue;
    out.push_back(
        {part.turn, {static_cast<uint32_t>(from - part.bytes.begin), static_cast<uint32_t>(to - part.bytes.begin)}});
  }
  return out;
}

}  // namespace kansrijk
