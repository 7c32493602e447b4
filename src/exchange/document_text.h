// The plain text of one document as the REFI-QDA exchange carries it (docs/qdpx.md): every turn as
// "<speaker>: <turn text>\n\n" (just "<turn text>\n\n" when the speaker is unknown), LF only, UTF-8 without BOM.
// Positions in that text are Unicode code points from 0, half-open [start, end), as REFI-QDA counts them.
//
//   DocumentText text(turns);                            // the turns of one document, in order
//   auto [start, end] = text.CodePoints(2, Span{4, 8});  // bytes 4–8 of turn 2's text → code points of text()
//   for (const TurnSpan& part : text.TurnSpans(start, end)) ...  // and back, one part per turn it covers
//
// Export writes text() as sources/<guid>.txt; import compares a project's texts with it and places selections
// through it. Speaker labels and the blank lines between turns belong to no turn: TurnSpans leaves them out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/span.h"
#include "store/store.h"

namespace kansrijk {

// A piece of one turn: `span` is bytes of that turn's text (TurnRow::text), as the store counts them.
struct TurnSpan {
  int turn = 0;
  Span span;
  bool operator==(const TurnSpan&) const = default;
};

class DocumentText {
 public:
  struct Part {
    int turn = 0;               // the turn's number
    Span bytes;                 // where the turn's text lies in text()
    size_t start = 0, end = 0;  // the same in code points
  };

  // `turns`: the turns of one document in order (as Store::Turns returns them). The turns' texts must be
  // valid UTF-8 (the store's always are).
  explicit DocumentText(const std::vector<TurnRow>& turns);

  const std::string& text() const { return text_; }
  size_t size() const { return byte_of_.size() - 1; }  // in code points
  const std::vector<Part>& parts() const { return parts_; }
  const Part* Find(int turn) const;  // nullptr when the document has no such turn

  // Code points [start, end) in text() of `span` (bytes of turn `turn`'s text). Throws Error when there is no
  // such turn or the span does not lie within its text.
  std::pair<size_t, size_t> CodePoints(int turn, Span span) const;
  // The turns' texts that code points [start, end) of text() cover, one part per turn, in order; speaker labels
  // and separators are left out (so the result is empty when only they are covered). Clamped to the text.
  std::vector<TurnSpan> TurnSpans(size_t start, size_t end) const;

  size_t ByteOf(size_t code_point) const;        // byte offset in text() of a code point (≤ size())
  size_t CodePointOf(size_t byte_offset) const;  // code points before a byte offset (a character boundary)

 private:
  std::string text_;
  std::vector<Part> parts_;
  std::vector<uint32_t> byte_of_;  // byte offset of every code point, and of the end
};

}  // namespace kansrijk
