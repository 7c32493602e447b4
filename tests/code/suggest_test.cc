#include "code/suggest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;
using testing::SourceDir;

// G2 and p below were computed independently of this code, in R:
//   g <- function(a, T, b, R) { x <- matrix(c(a, T - a, b, R - b), 2); E <- outer(rowSums(x), colSums(x)) / sum(x)
//     O <- x[x > 0]; s <- 2 * sum(O * log(O / E[x > 0])); if (a < E[1, 1]) -s else s }
//   G <- g(10, 1000, 5, 2000); sprintf("%.10g %.10g", G, pchisq(abs(G), 1, lower.tail = FALSE))
// → "6.969191932 0.008292493585"; g(2, 4, 0, 4) → 3.452184869 (p 0.06316821678); g(5, 2000, 10, 1000) → -6.969191932.
// And in python3 (math only):
//   from math import log; O = [10, 5, 990, 1995]; E = [15*1000/3000, 15*2000/3000, 2985*1000/3000, 2985*2000/3000]
//   2 * sum(o * log(o / e) for o, e in zip(O, E))   # 6.969191932...
TEST(KeynessG2Test, AgreesWithR) {
  EXPECT_NEAR(KeynessG2(10, 1000, 5, 2000), 6.969191932, 1e-8);
  EXPECT_NEAR(ChiSquare1Tail(KeynessG2(10, 1000, 5, 2000)), 0.008292493585, 1e-11);
  EXPECT_NEAR(KeynessG2(2, 4, 0, 4), 3.452184869, 1e-8);  // a zero cell: 0 · ln 0 = 0
  EXPECT_NEAR(ChiSquare1Tail(3.452184869), 0.06316821678, 1e-10);
  EXPECT_NEAR(KeynessG2(5, 2000, 10, 1000), -6.969191932, 1e-8);  // under-represented: negative
  EXPECT_NEAR(ChiSquare1Tail(-6.969191932), 0.008292493585, 1e-11);
  EXPECT_NEAR(ChiSquare1Tail(3.841458821), 0.05, 1e-10);  // R: qchisq(0.95, 1) == 3.841458821
  EXPECT_EQ(ChiSquare1Tail(0), 1.0);
}

TEST(KeynessG2Test, EdgeCases) {
  EXPECT_EQ(KeynessG2(10, 1000, 20, 2000), 0.0);  // the same rate: no keyness, and not -0 by rounding
  EXPECT_EQ(KeynessG2(3, 10, 0, 0), 0.0);         // no reference
  EXPECT_EQ(KeynessG2(0, 0, 3, 10), 0.0);
  EXPECT_THAT([&] { KeynessG2(11, 10, 0, 10); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "KeynessG2: counts must lie between 0 and their totals, got 11 of 10 and 0 of 10")));
  EXPECT_THAT([&] { KeynessG2(1, 10, -1, 10); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "KeynessG2: counts must lie between 0 and their totals, got 1 of 10 and -1 of 10")));
}

TEST(DutchStopWordsTest, SnowballListAndFillers) {
  const std::vector<std::string>& words = DutchStopWords();
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  for (const char* w : {"de", "het", "een", "geen", "niet", "andere", "eh", "ehm", "nou"}) {
    EXPECT_TRUE(std::binary_search(words.begin(), words.end(), w)) << w;
  }
  EXPECT_FALSE(std::binary_search(words.begin(), words.end(), "geld"));
  EXPECT_EQ(words.size(), 101u + 14u);  // Snowball's 101 and 14 fillers, none in both
}

class SuggestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    morphology_ = new Morphology(Morphology::Load());
    book_ = new Codebook(LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml"));
    coder_ = new Coder(*book_, *morphology_);
  }
  static void TearDownTestSuite() {
    delete coder_;
    delete book_;
    delete morphology_;
  }
  static const TermSuggestion* Find(const std::vector<TermSuggestion>& suggestions, const std::string& term) {
    auto it = std::find_if(suggestions.begin(), suggestions.end(), [&](const TermSuggestion& s) { return s.term == term; });
    return it == suggestions.end() ? nullptr : &*it;
  }
  static Morphology* morphology_;
  static Codebook* book_;
  static Coder* coder_;
};
Morphology* SuggestTest::morphology_ = nullptr;
Codebook* SuggestTest::book_ = nullptr;
Coder* SuggestTest::coder_ = nullptr;

// Turns a human coded "financiering": "subsidie" six times in five, "projectaanvraag" (no rule has it) in three,
// "regels" (wet-en-regelgeving's word) in three, "coördinatie" in three; stop words everywhere.
const std::vector<std::string_view> kTarget = {
    "Eh, we kregen een Subsidie van de gemeente, maar die is op. [lacht] De projectaanvraag was veel werk.",
    "Zonder subsidie kunnen we het niet, en de regels voor de projectaanvraag en de subsidie zijn streng.",
    "De subsidie voor de Coördinatie is tijdelijk. Nou ja, 2021 was een goed jaar.",
    "Die subsidie, die regels, de coördinatie: het is allemaal tijdelijk in 2021.",
    "Onze projectaanvraag voor coördinatie en de regels, eh, dat is het.",
    "We hebben het er in het team over de subsidie gehad.",
};
const std::vector<std::string_view> kReference = {
    "De kraamzorg belt de moeder na de bevalling.",
    "We hebben het team uitgebreid met een verloskundige.",
    "De moeder komt op het spreekuur van het consultatiebureau.",
    "In 2021 hadden we een goed overleg met de huisarts.",
    "Het overleg met de huisarts is elke maand.",
    "De verloskundige en de kraamzorg werken samen, dat gaat goed.",
    "Er is ook subsidie voor de cursus, maar dat is een ander verhaal.",
    "De gemeente is betrokken bij het overleg.",
    "De jeugdverpleegkundige doet de huisbezoeken in de wijk.",
    "Het consultatiebureau ziet alle kinderen, dat loopt goed.",
    "We hebben een folder gemaakt voor de zwangere vrouwen.",
    "De huisarts verwijst door naar het sociaal team.",
    "Met de verloskundige praktijk is het contact heel goed.",
    "In de wijk kennen de mensen elkaar, dat helpt bij het bereiken van gezinnen.",
};

TEST_F(SuggestTest, PlantedTermRanksFirst) {
  std::vector<TermSuggestion> s = SuggestTerms(kTarget, kReference, *coder_, "financiering");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].term, "subsidie");
  EXPECT_EQ(s[0].words, 1);
  EXPECT_EQ(s[0].target_tokens, 6);
  EXPECT_EQ(s[0].target_turns, 5);
  EXPECT_EQ(s[0].reference_tokens, 1);
  EXPECT_EQ(s[0].reference_turns, 1);
  EXPECT_GT(s[0].g2, 0);
  EXPECT_NEAR(s[0].p, ChiSquare1Tail(s[0].g2), 1e-15);
  for (size_t i = 1; i < s.size(); ++i) {
    EXPECT_TRUE(s[i - 1].g2 > s[i].g2 || (s[i - 1].g2 == s[i].g2 && s[i - 1].term < s[i].term)) << s[i].term;
  }
  for (const TermSuggestion& t : s) {
    EXPECT_GT(t.g2, 0) << t.term;
    EXPECT_GE(t.target_turns, 3) << t.term;  // the default minimum
  }
  EXPECT_EQ(Find(s, "gemeente"), nullptr);  // in one target turn only
  EXPECT_EQ(Find(s, "team"), nullptr);      // no more frequent in the target than elsewhere
}

TEST_F(SuggestTest, CountsAgreeWithKeynessOfTheTotals) {
  // Target words: subsidie en geld subsidie (4); reference: geld en tijd tijd (4).
  // Phrases: "subsidie en", "en geld" | "geld en", "en tijd" — "subsidie" stands alone in its turn.
  std::vector<std::string_view> target = {"Subsidie en geld.", "subsidie!"};
  std::vector<std::string_view> reference = {"geld en tijd", "tijd"};
  std::vector<TermSuggestion> s = SuggestTerms(target, reference, *coder_, "financiering", {.min_target_turns = 1});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].term, "subsidie");
  EXPECT_NEAR(s[0].g2, 3.452184869, 1e-8);  // R: g(2, 4, 0, 4), see AgreesWithR
  EXPECT_NEAR(s[0].p, 0.06316821678, 1e-10);
  // Both phrases have g(1, 2, 0, 2) == 1.726092435 (R): a tie, broken by the term.
  EXPECT_EQ(s[1].term, "en geld");
  EXPECT_EQ(s[2].term, "subsidie en");
  EXPECT_NEAR(s[2].g2, 1.726092435, 1e-8);
  EXPECT_EQ(s[1].g2, s[2].g2);
  EXPECT_EQ(s[2].words, 2);
}

TEST_F(SuggestTest, CoveredByTheCodebookOrNot) {
  std::vector<TermSuggestion> s = SuggestTerms(kTarget, kReference, *coder_, "financiering");
  const TermSuggestion* subsidie = Find(s, "subsidie");
  ASSERT_NE(subsidie, nullptr);
  EXPECT_TRUE(subsidie->covered);  // rule geld: "subsidie*"
  EXPECT_TRUE(subsidie->other_codes.empty());
  const TermSuggestion* aanvraag = Find(s, "projectaanvraag");
  ASSERT_NE(aanvraag, nullptr);
  EXPECT_FALSE(aanvraag->covered);
  EXPECT_TRUE(aanvraag->other_codes.empty());
  const TermSuggestion* regels = Find(s, "regels");
  ASSERT_NE(regels, nullptr);
  EXPECT_FALSE(regels->covered);
  EXPECT_THAT(regels->other_codes, ElementsAre("wet-en-regelgeving"));
  // The same terms asked for another code.
  std::vector<TermSuggestion> w = SuggestTerms(kTarget, kReference, *coder_, "wet-en-regelgeving");
  ASSERT_NE(Find(w, "regels"), nullptr);
  EXPECT_TRUE(Find(w, "regels")->covered);
  EXPECT_THAT(Find(w, "subsidie")->other_codes, ElementsAre("financiering"));
}

TEST_F(SuggestTest, ExamplesAreCutFromTheOriginalText) {
  std::vector<TermSuggestion> s =
      SuggestTerms(kTarget, kReference, *coder_, "financiering", {.max_examples = 2, .context_chars = 20});
  const TermSuggestion* subsidie = Find(s, "subsidie");
  ASSERT_NE(subsidie, nullptr);
  ASSERT_EQ(subsidie->examples.size(), 2u);
  const TermExample& first = subsidie->examples[0];
  EXPECT_EQ(first.turn, 0u);
  EXPECT_EQ(first.text, "Subsidie");  // capital as written
  EXPECT_EQ(kTarget[0].substr(first.match.begin, first.match.size()), "Subsidie");
  EXPECT_EQ(first.left, "Eh, we kregen een ");
  EXPECT_EQ(first.right, " van de gemeente,…");
  EXPECT_EQ(subsidie->examples[1].turn, 1u);

  const TermSuggestion* coordinatie = Find(s, "coordinatie");  // normalised: diacritics folded
  ASSERT_NE(coordinatie, nullptr);
  EXPECT_EQ(coordinatie->target_turns, 3);
  ASSERT_EQ(coordinatie->examples.size(), 2u);
  EXPECT_EQ(coordinatie->examples[0].text, "Coördinatie");
  EXPECT_EQ(coordinatie->examples[1].text, "coördinatie");
  EXPECT_EQ(coordinatie->examples[1].turn, 3u);
}

TEST_F(SuggestTest, StopWordsNumbersLettersAndAnnotationsAreNotSuggested) {
  std::vector<TermSuggestion> s = SuggestTerms(kTarget, kReference, *coder_, "financiering", {.min_target_turns = 1});
  const std::vector<std::string>& stop = DutchStopWords();
  auto is_stop = [&](std::string_view w) { return std::binary_search(stop.begin(), stop.end(), std::string(w)); };
  for (const TermSuggestion& t : s) {
    size_t space = t.term.find(' ');
    if (space == std::string::npos) {
      EXPECT_FALSE(is_stop(t.term)) << t.term;
    } else {
      EXPECT_FALSE(is_stop(t.term.substr(0, space)) && is_stop(t.term.substr(space + 1))) << t.term;
    }
    EXPECT_EQ(t.term.find_first_of("0123456789"), std::string::npos) << t.term;
    EXPECT_NE(t.term.size(), 1u) << t.term;
    EXPECT_EQ(t.term.find("lacht"), std::string::npos) << t.term;  // [lacht] is the transcriber's
    EXPECT_FALSE(t.term == "eh" || t.term.starts_with("eh ") || t.term.ends_with(" eh")) << t.term;  // fillers
  }
  EXPECT_NE(Find(s, "subsidie"), nullptr);
  EXPECT_NE(Find(s, "zonder subsidie"), nullptr);  // one stop word is fine
  EXPECT_EQ(Find(s, "de"), nullptr);
  EXPECT_EQ(Find(s, "voor de"), nullptr);
  EXPECT_EQ(Find(s, "op de"), nullptr);         // "op. [lacht] De": no phrase across sentences
  EXPECT_EQ(Find(s, "subsidie die"), nullptr);  // "subsidie, die": nor across punctuation
  EXPECT_EQ(Find(s, "2021"), nullptr);
}

TEST_F(SuggestTest, PhrasesCanBeLeftOut) {
  std::vector<TermSuggestion> s =
      SuggestTerms(kTarget, kReference, *coder_, "financiering", {.min_target_turns = 1, .phrases = false});
  for (const TermSuggestion& t : s) EXPECT_EQ(t.words, 1) << t.term;
  std::vector<TermSuggestion> top = SuggestTerms(kTarget, kReference, *coder_, "financiering", {.limit = 2});
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].term, "subsidie");
}

TEST_F(SuggestTest, Deterministic) {
  auto flat = [](const std::vector<TermSuggestion>& s) {
    std::string out;
    for (const TermSuggestion& t : s) {
      out += t.term + "|" + std::to_string(t.g2) + "|" + std::to_string(t.target_tokens) + "|" +
             std::to_string(t.reference_turns) + "|" + (t.covered ? "c" : "-");
      for (const TermExample& e : t.examples) out += "|" + e.left + "[" + e.text + "]" + e.right;
      out += "\n";
    }
    return out;
  };
  SuggestOptions options{.min_target_turns = 1};
  std::string once = flat(SuggestTerms(kTarget, kReference, *coder_, "financiering", options));
  EXPECT_EQ(flat(SuggestTerms(kTarget, kReference, *coder_, "financiering", options)), once);
  std::vector<std::string_view> shuffled(kReference.rbegin(), kReference.rend());
  EXPECT_EQ(flat(SuggestTerms(kTarget, shuffled, *coder_, "financiering", options)), once);  // reference order
  EXPECT_GT(std::count(once.begin(), once.end(), '\n'), 20);
}

TEST_F(SuggestTest, EmptyInput) {
  EXPECT_TRUE(SuggestTerms({}, kReference, *coder_, "financiering").empty());
  EXPECT_TRUE(SuggestTerms(kTarget, {}, *coder_, "financiering").empty());  // nothing to compare with
}

TEST_F(SuggestTest, MissedTurns) {
  std::vector<std::string_view> target = {
      "Er is gewoon geen geld voor.",           // financiering
      "De projectaanvraag kost veel tijd.",     // no rule
      "Wie gaat dat betalen?",                  // financiering (regex)
      "De privacywetgeving houdt ons tegen.",   // another code only
  };
  EXPECT_THAT(MissedTurns(target, *coder_, "financiering"), ElementsAre(1u, 3u));
  EXPECT_THAT(MissedTurns(target, *coder_, "wet-en-regelgeving"), ElementsAre(0u, 1u, 2u));
  EXPECT_TRUE(MissedTurns({}, *coder_, "financiering").empty());
}

}  // namespace
}  // namespace kansrijk
