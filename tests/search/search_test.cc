#include "search/search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/ingest.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

TEST(PrepareQuery, QuotesWhatFts5WouldMisread) {
  EXPECT_EQ(PrepareQuery("e-mail"), "\"e-mail\"");
  EXPECT_EQ(PrepareQuery("zo'n OR o.a."), "\"zo'n\" OR \"o.a.\"");
  EXPECT_EQ(PrepareQuery("financ* AND NOT geld"), "financ* AND NOT geld");
  EXPECT_EQ(PrepareQuery("NEAR(tekort personeel, 6)"), "NEAR(tekort personeel, 6)");
  EXPECT_EQ(PrepareQuery("\"te weinig geld\" coördinatie"), "\"te weinig geld\" coördinatie");
  EXPECT_EQ(PrepareQuery("jeugd-zorg*"), "\"jeugd-zorg\"*");
  EXPECT_EQ(PrepareQuery("tekort NEAR/6 personeel"), "NEAR(tekort personeel, 6)");
  EXPECT_EQ(PrepareQuery("\"te weinig\" NEAR/3 geld*"), "NEAR(\"te weinig\" geld*, 3)");
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write("2020/interview-a.txt",
                  "I: Hoe staat het met de financiering en het personeel?\n"
                  "R: Er zijn te weinig financieringen. Het personeelstekort is groot [lacht].\n"
                  "R2: De Co\u00F6rdinatie van de samen-\nwerking gaat goed, via de e-mail.\n");
    corpus_.Write("2021/focusgroep-b.vtt",
                  "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Petra>Geld is bij ons geen probleem.\n");
    Store store = Store::Open(db_);
    Ingest(store, {corpus_.path()});
  }
  std::vector<std::string> Matches(const std::string& query, TurnFilter filter = {}) {
    std::vector<std::string> out;
    for (const KwicLine& l : Search(Store::Open(db_), {.query = query, .filter = filter})) {
      out.push_back(l.turn.file + "#" + std::to_string(l.turn.number) + ":" + l.text);
    }
    return out;
  }
  TempDir corpus_, work_;
  std::filesystem::path db_ = work_.path() / "k.db";
};

TEST_F(SearchTest, StemsDiacriticsCompoundsAndHyphenation) {
  EXPECT_EQ(Matches("financiering", {.speakers = TurnFilter::Speakers::kRespondent}),
            (std::vector<std::string>{"2020/interview-a.txt#2:financieringen"}));
  EXPECT_EQ(Matches("tekort"), (std::vector<std::string>{"2020/interview-a.txt#2:personeelstekort"}));
  EXPECT_EQ(Matches("coordinatie"), (std::vector<std::string>{"2020/interview-a.txt#3:Co\u00F6rdinatie"}));
  EXPECT_EQ(Matches("samenwerking"), (std::vector<std::string>{"2020/interview-a.txt#3:samen- werking"}));
  EXPECT_EQ(Matches("e-mail"), (std::vector<std::string>{"2020/interview-a.txt#3:e-mail"}));
}

TEST_F(SearchTest, PhrasesPrefixesNearAndFilters) {
  EXPECT_EQ(Matches("\"te weinig financiering\""),
            (std::vector<std::string>{"2020/interview-a.txt#2:te weinig financieringen"}));
  EXPECT_EQ(Matches("financ*").size(), 2u);  // the interviewer's question and the answer
  EXPECT_EQ(Matches("NEAR(geld probleem, 4)"),
            (std::vector<std::string>{"2021/focusgroep-b.vtt#1:Geld", "2021/focusgroep-b.vtt#1:probleem"}));
  EXPECT_TRUE(Matches("NEAR(geld probleem, 3)").empty());  // four words stand between them
  EXPECT_EQ(Matches("geld OR financiering", {.years = {2021}}).size(), 1u);
  EXPECT_EQ(Matches("financiering", {.speakers = TurnFilter::Speakers::kInterviewer}),
            (std::vector<std::string>{"2020/interview-a.txt#1:financiering"}));
  EXPECT_EQ(Matches("financiering", {.types = {"focusgroep"}}).size(), 0u);
}

TEST_F(SearchTest, KeywordInContext) {
  std::vector<KwicLine> lines = Search(Store::Open(db_), {.query = "personeelstekort", .context_chars = 20});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].left, "…Het ");  // the context starts at a whole word
  EXPECT_EQ(lines[0].text, "personeelstekort");
  EXPECT_EQ(lines[0].right, " is groot [lacht].");
}

TEST_F(SearchTest, MalformedQueryExplainsItself) {
  try {
    Search(Store::Open(db_), {.query = "geld AND"});
    FAIL();
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("cannot read the search query 'geld AND': syntax error"));
    EXPECT_THAT(error.hint(), HasSubstr("double quotes"));
  }
}

}  // namespace
}  // namespace kansrijk
