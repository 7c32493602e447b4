// The quote cutter as `kansrijk quotes` runs it on a stored turn: SegmentTurn's sentences, CutToSentences around a
// coded span, then CleanSpeech (--clean). The input is the span's first byte and length and max_chars (two bytes
// each, little-endian), then the turn text. A stored turn is valid UTF-8 and a coded span starts and ends on
// characters, so other inputs are left out; the quote must then be valid UTF-8 as well.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "base/error.h"
#include "export/quotes.h"
#include "fuzz.h"
#include "segment/segment.h"

using namespace kansrijk;

namespace {

bool IsContinuation(const std::string& text, uint32_t at) {
  return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

}  // namespace

KANSRIJK_FUZZ_TARGET(quote_cutter) {
  uint32_t begin = fuzz::TakeNumber(input, 2);
  uint32_t length = fuzz::TakeNumber(input, 2);
  size_t max_chars = fuzz::TakeNumber(input, 2);
  const std::string text(input);
  try {
    fuzz::CheckUtf8(text, "");
  } catch (const std::logic_error&) {
    return;  // not a turn the store could hold
  }
  const uint32_t size = static_cast<uint32_t>(text.size());
  begin = std::min(begin, size);
  uint32_t end = begin + std::min(length, size - begin);
  while (IsContinuation(text, begin)) --begin;
  while (IsContinuation(text, end)) ++end;
  try {
    SegmentedTurn segmented = SegmentTurn(text);
    Span cut;
    std::string quote = CutToSentences(text, segmented.sentences, {begin, end}, max_chars, &cut);
    if (cut.begin > cut.end || cut.end > size) throw std::logic_error("cut outside the turn");
    fuzz::CheckUtf8(quote, "quote");
    fuzz::CheckUtf8(CleanSpeech(quote), "cleaned quote");
  } catch (const Error&) {
  }
}
