#include "code/coder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::SourceDir;
using testing::TempDir;

class CoderTest : public ::testing::Test {
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
  // "code:valence" per coding, in codebook order.
  static std::string Codes(const std::string& text) {
    std::string out;
    for (const Coding& c : coder_->Apply(text)) out += (out.empty() ? "" : " ") + c.code + c.valence;
    return out;
  }
  static Morphology* morphology_;
  static Codebook* book_;
  static Coder* coder_;
};
Morphology* CoderTest::morphology_ = nullptr;
Codebook* CoderTest::book_ = nullptr;
Coder* CoderTest::coder_ = nullptr;

struct Case {
  const char* text;
  const char* expected;
};

TEST_F(CoderTest, RuleKinds) {
  const Case cases[] = {
      {"Onze kartrekker is geweldig.", "kartrekker+"},
      {"De kartrekkers van de coalitie.", "kartrekker+"},                     // stem
      {"Zij trekt eigenlijk gewoon de kar.", "kartrekker+"},                  // phrase with a gap
      {"Zij trekt eigenlijk gewoon heel hard aan de kar.", ""},               // gap too wide
      {"De subsidies lopen af.", "financiering-"},                           // prefix glob
      {"Wie gaat dat betalen?", "financiering-"},                             // regex
      {"Het personeelstekort is groot.", "personeelstekort-"},                // compound parts, NEAR/0
      {"Er is een tekort aan mensen.", "personeelstekort-"},                  // near
      {"Een tekort, zeg maar, van vele goede ervaren mensen.", ""},           // too far apart
      {"Het ijzertekort bij zwangeren.", ""},                                 // a compound part alone is not enough
      {"We hebben de handen niet.", "personeelstekort-"},
      {"De privacywetgeving houdt ons tegen.", "wet-en-regelgeving-"},        // infix glob
      {"Er is geen wettelijke taak voor de coalitie.", "wet-en-regelgeving-"},  // THEN
      {"Een wettelijke taak is er geen.", ""},                                // THEN: wrong order
      {"CO\u00D6RDINATIE en Financi\u00EBring.", "financiering-"},            // normalised: case, diacritics
  };
  for (const Case& c : cases) EXPECT_EQ(Codes(c.text), c.expected) << c.text;
}

TEST_F(CoderTest, ExclusionsVetoAtTheSamePlace) {
  const Case cases[] = {
      {"Dat geldt ook voor ons.", ""},
      {"Dat geldt ook voor ons, en het geld is op.", "financiering-"},
      {"Ik regel het wel.", ""},
      {"We overleggen regelmatig.", ""},
      {"De wethouder was er.", ""},
      {"Hij heeft zich teruggetrokken, de kartrekker.", "kartrekker+"},
      {"Die regels zijn lastig.", "wet-en-regelgeving-"},
  };
  for (const Case& c : cases) EXPECT_EQ(Codes(c.text), c.expected) << c.text;
}

TEST_F(CoderTest, NegationAndValence) {
  const Case cases[] = {
      {"Er is geen kartrekker meer.", "kartrekker-"},
      {"Zonder aanjager gebeurt er niets.", "kartrekker-"},
      {"Een kartrekker hebben we nog niet.", "kartrekker-"},                  // niet after the match
      {"Niet alleen de kartrekker, maar ook de gemeente.", "kartrekker+"},    // pseudo-negation
      {"Geld is bij ons geen probleem.", "financiering+"},                    // negated problem word
      {"Er is gewoon geen geld voor.", "financiering-"},
      {"Te weinig budget, dat is het.", "financiering-"},
      {"De financiering is tijdelijk.", "financiering-"},                     // problem word
      {"We hebben genoeg budget.", "financiering+"},                          // positive word
      {"We hebben geen personeelstekort.", "personeelstekort+"},              // negated absence
      {"Het budget, maar niet de kartrekker.", "kartrekker- financiering-"},  // clauses: niet stays in its own
  };
  for (const Case& c : cases) EXPECT_EQ(Codes(c.text), c.expected) << c.text;
}

TEST_F(CoderTest, OverlappingMatchesCountOnceAndKeepTheirSpans) {
  std::string text = "Het budget en de financiering. Later weer geld.";
  std::vector<Coding> codings = coder_->Apply(text);
  ASSERT_EQ(codings.size(), 3u);
  EXPECT_EQ(text.substr(codings[0].span.begin, codings[0].span.size()), "budget");
  EXPECT_EQ(codings[2].rules, (std::vector<std::string>{"geld"}));
  // "tekort aan mensen" matched by one rule twice over (tekort..mensen): one coding
  EXPECT_EQ(coder_->Apply("Een tekort aan personeel en mensen.").size(), 1u);
}

TEST_F(CoderTest, AnnotationsAreNotCoded) {
  EXPECT_EQ(Codes("[geld] Nou ja (lacht) eh."), "");
  EXPECT_EQ(Codes("Nou ja (budget) eh."), "financiering-");  // round brackets around speech stay speech
}

TEST_F(CoderTest, ExplainShowsExcludedMatches) {
  CodeTrace trace = coder_->Explain("Dat geldt ook voor het geld.");
  ASSERT_EQ(trace.matches.size(), 2u);
  EXPECT_EQ(trace.matches[0].vetoed_by, "geldt");
  EXPECT_EQ(trace.matches[1].vetoed_by, "");
  EXPECT_EQ(trace.codings.size(), 1u);
}

TEST_F(CoderTest, ExamplesOfTheMiniCodebookAreCoded) {
  for (const auto& r : coder_->CheckExamples()) EXPECT_TRUE(r.coded) << r.example;
}

std::vector<std::string> Problems(const std::string& yaml) {
  TempDir dir;
  std::filesystem::path file = dir.Write("book.yaml", yaml);
  std::vector<Error> problems;
  try {
    Codebook book = LoadCodebook(file, &problems);
    if (problems.empty()) problems = CheckCodebook(book, Morphology::Load());
  } catch (const Error& error) {  // YAML that cannot be parsed at all stops at the first problem
    problems.push_back(error);
  }
  std::vector<std::string> out;
  for (const Error& e : problems) out.push_back(std::string(e.what()).substr(file.string().size()));
  return out;
}

const char* kHead = "id: t\ncategories:\n  - id: c\n    codes:\n";

TEST(CodebookCheck, EveryProblemHasItsLineAndColumn) {
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        colour: '#123456'\n        examples: [geld]\n"
                                            "        rules:\n          - terms: [geld]\n            colour: x\n"),
              ::testing::ElementsAre(HasSubstr(":10:13: unknown key 'colour' in rule")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n        rules: [{terms: [geld]}]\n"
                                            "      - id: a\n        examples: [geld]\n        rules: [{terms: [geld]}]\n"),
              ::testing::ElementsAre(HasSubstr(":8:13: duplicate id 'a'")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n        rules:\n"
                                            "          - regex: 'geld(('\n"),
              ::testing::ElementsAre(HasSubstr(":8:13: rule a/regex-1: invalid regular expression 'geld((': missing )")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n        rules: []\n"),
              ::testing::ElementsAre(HasSubstr(":7:16: code 'a' has no rules")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n        rules:\n"
                                            "          - near: '[geld] NEAR [budget]'\n"),
              ::testing::ElementsAre(HasSubstr(":8:13: rule a/near-1: malformed near rule '[geld] NEAR [budget]'")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [budget]\n        rules: [{terms: [geld]}]\n"),
              ::testing::ElementsAre(HasSubstr(":5:9: example of 'a' is not coded by its rules: \"budget\"")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n        rules:\n"
                                            "          - {terms: [geld], regex: geld}\n"),
              ::testing::ElementsAre(HasSubstr(":8:13: rule has more than one of terms, phrase, near, regex")));
  EXPECT_THAT(Problems("id: t\ncategories: [\n"), ::testing::ElementsAre(HasSubstr(": not valid YAML")));
}

// A list or text where a mapping belongs (and the reverse) is a problem at its place, never yaml-cpp's exception
// (found by tests/fuzz/codebook.cc).
TEST(CodebookCheck, WrongShapesAreProblemsAtTheirPlace) {
  using ::testing::ElementsAre;
  EXPECT_THAT(Problems("id: t\ncategories:\n  - id:c\n"), ElementsAre(HasSubstr(":3:5: a category must be a mapping")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - geld\n"), ElementsAre(HasSubstr(":5:9: a code must be a mapping")));
  EXPECT_THAT(Problems("id: t\ncategories:\n  - id: c\n    codes: geld\n"),
              ElementsAre(HasSubstr(":4:12: codes must be a list")));
  EXPECT_THAT(Problems(std::string(kHead) + "      - id: a\n        examples: [geld]\n"
                                            "        rules: [{terms: [geld], stem: [ja]}]\n"),
              ElementsAre(HasSubstr(":7:39: stem must be true or false")));
  EXPECT_THAT(Problems("id: t\n? [a]\n: b\ncategories: []\n"), ElementsAre(HasSubstr(":2:3: unknown key ''")));
}

TEST(CodebookCheck, NotValidYamlNamesThePosition) {
  TempDir dir;
  std::filesystem::path file = dir.Write("book.yaml", "id: t\ncategories:\n  - id: c\n   codes: x\n");
  try {
    LoadCodebook(file);
    FAIL();
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("book.yaml:4:"));
  }
}

}  // namespace
}  // namespace kansrijk
