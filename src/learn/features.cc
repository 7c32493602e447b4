#include "learn/features.h"

#include <algorithm>

namespace kansrijk {

// The words, clauses and sentences are the coder's (TurnWords in code/valence.h).
AnalyzedTurn::AnalyzedTurn(std::string_view turn_text, const Morphology& morphology) : segmented_(SegmentTurn(turn_text)) {
  for (const TurnWord& w : TurnWords(segmented_)) {
    words_.push_back({w.text, w.clause, w.sentence});
    original_.push_back(w.original);
  }
  std::vector<bool> negated = NegationScope(words_);
  std::vector<std::string> stems;
  for (const ClauseWord& word : words_) stems.push_back(morphology.Stem(word.text));
  auto add = [&](std::string feature, int first, int last) {
    first_.try_emplace(feature, first, last);
    features_.push_back(std::move(feature));
  };
  for (int w = 0; w < static_cast<int>(words_.size()); ++w) {
    add("s:" + stems[w], w, w);
    for (const std::string& part : morphology.CompoundParts(words_[w].text)) add("c:" + morphology.Stem(part), w, w);
    if (negated[w]) add("n:" + stems[w], w, w);
  }
  std::sort(features_.begin(), features_.end());
  features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
}

std::optional<std::pair<int, int>> AnalyzedTurn::WordsOf(const std::string& feature) const {
  auto it = first_.find(feature);
  if (it == first_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> TurnFeatures(std::string_view turn_text, const Morphology& morphology) {
  return AnalyzedTurn(turn_text, morphology).features();
}

}  // namespace kansrijk
