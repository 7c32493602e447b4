// Turn text → what later stages match on: the normalised text, sentences, annotations and word count.
//
//   SegmentedTurn s = SegmentTurn("Dat zijn o.a. de kraamzorg en Dhr. Jansen. [lacht] Klopt.");
//   s.sentences == {[0,42), [43,57)}   // "o.a." and "Dhr." do not end a sentence
//   s.annotations == {[43,50)}          // "[lacht]": later stages do not code or count it
#pragma once

#include <string_view>
#include <vector>

#include "base/span.h"
#include "normalize/normalize.h"

namespace kansrijk {

struct SegmentedTurn {
  NormalizedText normalized;
  std::vector<Span> sentences;    // bytes of the original turn text, in order, trimmed
  std::vector<Span> annotations;  // transcriber's notes: [lacht], [onverstaanbaar], (...), (lacht)
  std::vector<TokenAt> tokens;    // every word of `normalized`, annotations included (LocateTokens)
  int words = 0;                  // words outside annotations
};

SegmentedTurn SegmentTurn(std::string_view text);

// The Dutch abbreviations after which a full stop does not end a sentence (o.a., bijv., d.w.z., dhr., ...).
const std::vector<std::string_view>& DutchAbbreviations();

}  // namespace kansrijk
