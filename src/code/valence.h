// Valence and negation: whether a rule match says the thing is there ('+') or lacking, a problem ('-').
// The rules are those of docs/codebook.md, "Valence and negation"; the Coder calls them for every match.
//
//   std::vector<ClauseWord> words = {{"er"}, {"is"}, {"geen"}, {"geld"}};  // clauses numbered by StartsClause
//   TurnValence valence(words);  // finds the pseudo-negations ("niet alleen") once per turn
//   ValenceDecision d = valence.Decide(3, 3, Rule::Means::kPresence, Valence::kFacilitator);  // "geld"
//   // d.sign == '-', d.reason == "negation 'geen'"
//
// Only the clause of the match counts: a clause ends at , ; : . ! ?, at a sentence break, and before maar,
// echter, hoewel, behalve, terwijl, want. Within it, in this order: a problem word ("tijdelijk") makes a
// presence '-', unless it is negated ("geen probleem"), which uses up its negation; a negation cue ("geen",
// "te weinig", and "niet", "ontbreekt", "mist" also after the match) within 5 words flips the sign once; a
// positive word ("genoeg") settles a presence as '+'. Still undecided, the nearest problem or positive word in
// the rest of the sentence or in the next one decides (the speaker's conclusion often follows: "We hebben de
// impulsgelden. Daar kunnen we prima mee vooruit."). Else a match takes its code's DefaultSign. The matched
// words themselves are never cues. A heuristic in the NegEx family: `explain` shows the reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "code/codebook.h"
#include "segment/segment.h"

namespace kansrijk {

// One word of a turn as the valence rules see it: normalised (lower case, no diacritics), and the numbers of
// its clause and sentence (counting from 0, never decreasing along the turn).
struct ClauseWord {
  std::string_view text;
  int clause = 0;
  int sentence = 0;
};

// A word of a segmented turn as the coder and the learner see it: a token of the normalised text outside the
// annotations ([lacht] is never a word), with its spans, its sentence and its clause (StartsClause). The text
// points into `turn`, which must outlive it.
struct TurnWord {
  std::string_view text;
  Span normalized, original;
  int sentence = 0, clause = 0;
};
std::vector<TurnWord> TurnWords(const SegmentedTurn& turn);

// Whether `word` (normalised) opens a new clause after the previous word of its turn: it is in a new sentence,
// the normalised text `between` the two holds , ; : . ! or ?, or `word` is a clause word such as "maar".
bool StartsClause(std::string_view word, bool new_sentence, std::string_view between);

// Which words stand in the scope of a negation cue of the rules below ("geen", "te weinig", not the
// pseudo-negations "niet alleen"): up to 5 words after the cue in its clause, and for the cues Dutch puts late
// ("niet", "ontbreekt", "mist") also up to 5 words before it. The cue words themselves are not in scope. For
// features that tell "geld" from "geen geld" (learn/features.h); the Coder decides per match with TurnValence.
std::vector<bool> NegationScope(const std::vector<ClauseWord>& words);

struct ValenceDecision {
  char sign = '+';     // '+' present / works, '-' absent / a problem
  std::string reason;  // the cue that decided, e.g. "negation 'geen'", or "default (barrier)"
};

// The valence rules over the words of one turn. Keeps a reference to `words`, which must outlive it.
class TurnValence {
 public:
  explicit TurnValence(const std::vector<ClauseWord>& words);

  // The valence of a match of words [first, last] (indices into the words, first <= last) by a rule that
  // `means` what it means, of a code whose valence is `code_valence` (the default when nothing decides).
  ValenceDecision Decide(int first, int last, Rule::Means means, Valence code_valence) const;

 private:
  friend std::vector<bool> NegationScope(const std::vector<ClauseWord>& words);
  const std::vector<ClauseWord>& words_;
  std::vector<bool> pseudo_;  // words of pseudo-negations ("niet alleen", "of niet"): never negation cues
};

}  // namespace kansrijk
