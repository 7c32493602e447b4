// What the learner sees of a respondent turn: words as the rules see them, through the project's own
// normalisation (normalize/, segment/) and morphology, and the negation cues of code/valence.h.
//
//   std::vector<std::string> f = TurnFeatures("We hebben geen geld voor de kraamzorg.", morphology);
//   // sorted and unique: "c:kraam", "c:zorg", "n:geld", "n:voor", ..., "s:geld", ...
//
// Kinds, by prefix: "s:" the Snowball stem of a word, "c:" the stem of a compound part (personeelstekort →
// c:personel, c:tekort), "n:" the stem of a word in the scope of a negation ("geen geld" → n:geld), so a model
// can tell absence from presence. Annotations ([lacht]) are left out. Pairs of neighbouring stems were tried and
// left out: with them the model alone did worse in cross-validation (docs/accuracy.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "code/valence.h"
#include "normalize/morphology.h"
#include "segment/segment.h"

namespace kansrijk {

std::vector<std::string> TurnFeatures(std::string_view turn_text, const Morphology& morphology);

// A turn's features with the words that give them, for a suggestion's valence (learn/suggest.h): the valence rules
// run on the words of the feature that weighed most, as they run on a rule's match. Holds views into its own
// segmented text, so it is neither copied nor moved.
class AnalyzedTurn {
 public:
  AnalyzedTurn(std::string_view turn_text, const Morphology& morphology);
  AnalyzedTurn(const AnalyzedTurn&) = delete;
  AnalyzedTurn& operator=(const AnalyzedTurn&) = delete;

  const std::vector<std::string>& features() const { return features_; }  // as TurnFeatures
  const std::vector<ClauseWord>& words() const { return words_; }
  // The first words [first, last] (indices into words()) that give `feature`; none for a feature not of this turn.
  std::optional<std::pair<int, int>> WordsOf(const std::string& feature) const;
  Span OriginalSpan(int word) const { return original_[word]; }  // bytes of the turn's text

 private:
  SegmentedTurn segmented_;
  std::vector<ClauseWord> words_;
  std::vector<Span> original_;
  std::vector<std::string> features_;
  std::map<std::string, std::pair<int, int>> first_;
};

}  // namespace kansrijk
