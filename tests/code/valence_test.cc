// The valence rules on their own (code/valence.h): cue words, clause bounds, pseudo-negations. The Coder's tests
// (coder_test.cc) check them again through real rules.
#include "code/valence.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace kansrijk {
namespace {

using Means = Rule::Means;

// "er is geen [geld] , maar ..." → words with clauses; `match` gets the word indices between [ and ].
std::vector<ClauseWord> Words(const std::string& text, std::vector<std::string>& storage, int& first, int& last) {
  std::istringstream in(text);
  storage.clear();
  std::vector<bool> punctuation_before;
  std::vector<int> sentence_of;
  bool pending = false;
  int sentence = 0;
  for (std::string word; in >> word;) {
    if (word == "," || word == "." || word == ";") {
      pending = true;
      sentence += word == ".";
      continue;
    }
    if (word.starts_with('[')) first = static_cast<int>(storage.size()), word = word.substr(1);
    if (word.ends_with(']')) last = static_cast<int>(storage.size()), word.pop_back();
    storage.push_back(word);
    sentence_of.push_back(sentence);
    punctuation_before.push_back(pending);
    pending = false;
  }
  std::vector<ClauseWord> words;
  int clause = 0;
  for (size_t i = 0; i < storage.size(); ++i) {
    if (i > 0 && StartsClause(storage[i], false, punctuation_before[i] ? ", " : " ")) ++clause;
    words.push_back({storage[i], clause, sentence_of[i]});
  }
  return words;
}

TEST(StartsClause, AtPunctuationSentencesAndClauseWords) {
  EXPECT_FALSE(StartsClause("geld", false, " "));
  EXPECT_TRUE(StartsClause("geld", true, " "));
  EXPECT_TRUE(StartsClause("geld", false, ", "));
  EXPECT_TRUE(StartsClause("geld", false, "? "));
  EXPECT_TRUE(StartsClause("maar", false, " "));
  EXPECT_TRUE(StartsClause("want", false, " "));
  EXPECT_FALSE(StartsClause("en", false, " "));
}

TEST(TurnValence, Decides) {
  struct Case {
    const char* text;  // the match in [ ]
    Means means;
    Valence code;
    char sign;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"er is [geld]", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},
      {"er is [geld]", Means::kPresence, Valence::kBarrier, '-', "default (barrier)"},
      {"er is geen [geld]", Means::kPresence, Valence::kFacilitator, '-', "negation 'geen'"},
      {"er is te weinig [geld]", Means::kPresence, Valence::kFacilitator, '-', "negation 'te weinig'"},
      {"we hebben de [financiering] nog niet rond", Means::kPresence, Valence::kFacilitator, '-', "negation 'niet'"},
      {"[geld] is er geen", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},  // geen: before
      {"geen moment , er is [geld]", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},  // clause
      {"er is geen tijd maar wel [geld]", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},
      {"niet alleen [geld]", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},  // pseudo
      {"de [financiering] is tijdelijk", Means::kPresence, Valence::kFacilitator, '-', "problem word 'tijdelijk'"},
      {"[geld] is geen probleem", Means::kPresence, Valence::kBarrier, '+', "negated problem 'geen probleem'"},
      {"er is genoeg [geld]", Means::kPresence, Valence::kBarrier, '+', "positive word 'genoeg'"},
      {"het [personeelstekort] is groot", Means::kAbsence, Valence::kBarrier, '-', "the rule means absence"},
      {"er is geen [personeelstekort]", Means::kAbsence, Valence::kBarrier, '+', "negation 'geen'"},
      {"het [team is voltallig]", Means::kResolved, Valence::kBarrier, '+', "the rule means resolved"},
      {"[niet genoeg geld]", Means::kAbsence, Valence::kBarrier, '-', "the rule means absence"},  // its own words
      // Formal speech, wishes and compounds.
      {"de [middelen] zijn ontoereikend", Means::kPresence, Valence::kBarrier, '-', "problem word 'ontoereikend'"},
      {"er is meer [geld] nodig", Means::kPresence, Valence::kBarrier, '-', "problem word 'nodig'"},
      {"de [financiering] is geborgd", Means::kPresence, Valence::kBarrier, '+', "positive word 'geborgd'"},
      {"het is geen [financieringsprobleem]", Means::kPresence, Valence::kBarrier, '+', "negation 'geen'"},
      {"het [financieringsprobleem] is groot", Means::kPresence, Valence::kBarrier, '-', "compound 'financieringsprobleem'"},
      {"de [aanbesteding] heeft de zorg geen goed gedaan", Means::kPresence, Valence::kBarrier, '-', "negated 'geen goed'"},
      // A wish: what is asked for is missing now (tests/gold/README.md, decision 4); a future is no wish.
      {"er moet voldoende [budget] komen", Means::kPresence, Valence::kBarrier, '-', "wish 'moet'"},
      {"de gemeenten moeten de [regie nemen]", Means::kPresence, Valence::kFacilitator, '-', "wish 'moeten'"},
      {"de gemeente zal de [regie nemen]", Means::kPresence, Valence::kFacilitator, '+', "default (facilitator)"},
      {"het zou fijn zijn als er een echte projectleider kwam die het [voortouw] neemt", Means::kPresence,
       Valence::kFacilitator, '-', "wish 'zou'"},
      {"de [kartrekkers] van het eerste uur worden moe", Means::kPresence, Valence::kFacilitator, '-',
       "problem word 'moe'"},
      // A resolved absence, and a resolution that is itself negated.
      {"de [vacatures] zijn ingevuld", Means::kAbsence, Valence::kBarrier, '+', "resolved 'ingevuld'"},
      {"de [vacatures] worden niet ingevuld", Means::kAbsence, Valence::kBarrier, '-', "the rule means absence"},
      // The conclusion in the next sentence; never two sentences on, never a negated cue.
      {"we hebben de [impulsgelden] . daar kunnen we prima mee vooruit", Means::kPresence, Valence::kBarrier, '+',
       "positive word 'prima' after it"},
      {"we hebben de [impulsgelden] . ja . dat is prima", Means::kPresence, Valence::kBarrier, '-', "default (barrier)"},
      {"er is [geld] . het is niet prima", Means::kPresence, Valence::kBarrier, '-', "default (barrier)"},
      {"er is een [kartrekker] . helaas is ze weg", Means::kPresence, Valence::kFacilitator, '-',
       "problem word 'helaas' after it"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> storage;
    int first = -1, last = -1;
    std::vector<ClauseWord> words = Words(c.text, storage, first, last);
    ASSERT_GE(first, 0) << c.text;
    ValenceDecision decision = TurnValence(words).Decide(first, last, c.means, c.code);
    EXPECT_EQ(decision.sign, c.sign) << c.text;
    EXPECT_EQ(decision.reason, c.reason) << c.text;
  }
}

}  // namespace
}  // namespace kansrijk
