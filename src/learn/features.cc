#include "learn/features.h"

#include <algorithm>

#include "code/valence.h"
#include "segment/segment.h"

namespace kansrijk {

// The words, clauses and sentences are the coder's (TurnWords in code/valence.h).
std::vector<std::string> TurnFeatures(std::string_view turn_text, const Morphology& morphology) {
  SegmentedTurn segmented = SegmentTurn(turn_text);
  std::vector<ClauseWord> words;
  for (const TurnWord& w : TurnWords(segmented)) words.push_back({w.text, w.clause, w.sentence});
  std::vector<bool> negated = NegationScope(words);
  std::vector<std::string> stems, features;
  for (const ClauseWord& word : words) stems.push_back(morphology.Stem(word.text));
  for (size_t w = 0; w < words.size(); ++w) {
    features.push_back("s:" + stems[w]);
    for (const std::string& part : morphology.CompoundParts(words[w].text)) features.push_back("c:" + morphology.Stem(part));
    if (w > 0 && words[w - 1].clause == words[w].clause) features.push_back("p:" + stems[w - 1] + " " + stems[w]);
    if (negated[w]) features.push_back("n:" + stems[w]);
  }
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  return features;
}

}  // namespace kansrijk
