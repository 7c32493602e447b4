#include "learn/features.h"

#include <algorithm>

#include "code/valence.h"
#include "segment/segment.h"

namespace kansrijk {

// The words, clauses and sentences are found as Coder::Impl::Prepare finds them (code/coder.cc): the same
// SegmentTurn, Tokenize and StartsClause, with annotations left out.
std::vector<std::string> TurnFeatures(std::string_view turn_text, const Morphology& morphology) {
  SegmentedTurn segmented = SegmentTurn(turn_text);
  const NormalizedText& n = segmented.normalized;
  std::vector<ClauseWord> words;
  uint32_t previous_end = 0;
  int clause = 0, previous_sentence = 0;
  for (const Token& token : Tokenize(n.text)) {
    Span original = n.to_original.ToOriginal(token.span);
    bool annotated = std::any_of(segmented.annotations.begin(), segmented.annotations.end(),
                                 [&](const Span& a) { return original.begin >= a.begin && original.end <= a.end; });
    if (annotated) continue;
    auto sentence = std::upper_bound(segmented.sentences.begin(), segmented.sentences.end(), original.begin,
                                     [](uint32_t b, const Span& s) { return b < s.begin; });
    int sentence_number = static_cast<int>(sentence - segmented.sentences.begin());
    std::string_view between = std::string_view(n.text).substr(previous_end, token.span.begin - previous_end);
    if (!words.empty() && StartsClause(token.text, sentence_number != previous_sentence, between)) ++clause;
    words.push_back({token.text, clause, sentence_number});
    previous_end = token.span.end;
    previous_sentence = sentence_number;
  }
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
