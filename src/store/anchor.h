// Re-anchoring: where the researcher's work goes when its document is read again with changed text. A pure
// function over texts (no database), which Store::PutDocument applies in its transaction.
//
//   std::vector<AnchorTurn> turns = {{1, "Is er genoeg geld?"}, {2, "Nee, er is geen geld."}};
//   std::vector<Placement> placed = Reanchor({{.kind = ManualWork::Kind::kCode, .turn = 4,
//                                              .turn_text = "Nee, er is geen geld.", .span_text = "geld",
//                                              .begin = 16}}, turns);
//   // placed[0]: turn 2, span {16, 20}, by kSameTurnText
//
// Each piece of work is placed, in this order of preference:
//   1. on a turn with exactly the text it was made on, the one nearest to where it was (its span unchanged);
//   2. on its span's text in a turn at most Store::kAnchorWindow turns from where it was, nearest turn first,
//      then nearest to its old offset;
//   3. for reviews, memos and seen marks only (a coding claims its exact words; these are about the passage):
//      on the most similar turn within Store::kAnchorWindow turns whose words are at least Store::kSimilarTurn
//      the same (2·LCS over both turns' words, WordSimilarity: a corrected word or two), spanning all of it.
// Otherwise it is orphaned, with the reason. Orphaned work keeps its old text, so it is placed again when that
// text returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "store/store.h"

namespace kansrijk {

// A turn of the document as it is now.
struct AnchorTurn {
  int number = 0;
  std::string text;  // original text
};

// A piece of work to place, with the text it was made on (or last placed on).
struct AnchoredWork {
  ManualWork::Kind kind = ManualWork::Kind::kCode;
  int turn = 0;           // the number of its turn then
  std::string turn_text;  // that turn's text
  std::string span_text;  // the text it is about: a coding's words, the whole turn for the others
  int64_t begin = 0;      // byte offset of span_text in turn_text
};

struct Placement {
  enum class How {
    kSameTurnText,  // 1. a turn with the same text
    kSameSpanText,  // 2. the same span text in a turn nearby
    kSimilarTurn,   // 3. a nearly identical turn nearby (not for codings)
    kOrphaned,      // not placed: see `orphaned`
  };
  How how = How::kOrphaned;
  int turn = 0;          // the number of the new turn; 0 when orphaned
  Span span;             // bytes of the new turn's text
  std::string orphaned;  // why it could not be placed; empty when placed
};

// One placement per piece of `work`, in the same order. `turns` are the document's turns now, in any order
// (none when the document has no turns left: everything is orphaned).
std::vector<Placement> Reanchor(const std::vector<AnchoredWork>& work, const std::vector<AnchorTurn>& turns);

// How much of two texts is the same, by words (split at white space): 2·LCS / (words of a + words of b), from
// 0 (nothing in common, or one is empty) to 1 (the same words, or both empty).
double WordSimilarity(std::string_view a, std::string_view b);

}  // namespace kansrijk
