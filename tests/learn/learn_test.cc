// learn/: features of a turn, the per-code model (deterministic, refuses too few examples), training data from
// the researchers' work, the stored model with its metadata, and the document-grouped folds of --evaluate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "exchange/codings_csv.h"
#include "learn/evaluate.h"
#include "learn/selection.h"
#include "learn/features.h"
#include "learn/model.h"
#include "learn/training.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::SharedMorphology;
using testing::SourceDir;
using testing::TempDir;

TEST(TurnFeatures, StemsCompoundPartsPairsAndNegationScope) {
  std::vector<std::string> f = TurnFeatures("We hebben geen geld, maar het personeelstekort is groot. [lacht]", SharedMorphology());
  EXPECT_THAT(f, Contains("s:geld"));
  EXPECT_THAT(f, Contains("n:geld"));      // in the scope of "geen"
  EXPECT_THAT(f, Not(Contains("n:groot")));  // "maar" opens a new clause
  EXPECT_THAT(f, Contains("c:personel"));
  EXPECT_THAT(f, Contains("c:tekort"));
  EXPECT_THAT(f, Not(Contains(::testing::StartsWith("p:"))));  // word pairs were measured and left out
  EXPECT_THAT(f, Not(Contains("s:lacht")));      // annotations are left out
  EXPECT_TRUE(std::is_sorted(f.begin(), f.end()));
  // A pseudo-negation is no negation; "niet" also reaches back ("we hebben het geld niet").
  EXPECT_THAT(TurnFeatures("Niet alleen geld telt.", SharedMorphology()), Not(Contains("n:geld")));
  EXPECT_THAT(TurnFeatures("We hebben het geld niet.", SharedMorphology()), Contains("n:geld"));
}

// Turns about money (positive) and about other things (negative), with some words shared.
std::vector<Example> MoneyExamples(int positives, int negatives) {
  const char* money[] = {"Er is geen geld meer voor de coalitie.", "De subsidie stopt volgend jaar.",
                         "We hebben te weinig budget.", "De financiering is tijdelijk.", "Het geld is op."};
  const char* other[] = {"De wethouder trekt de kar.", "We willen allemaal hetzelfde.", "De privacyregels zitten in de weg.",
                         "Er is een tekort aan personeel.", "De verloskundige doet goed mee."};
  std::vector<Example> out;
  for (int i = 0; i < positives; ++i) out.push_back({TurnFeatures(fmt::format("{} Echt {}.", money[i % 5], i), SharedMorphology()), true});
  for (int i = 0; i < negatives; ++i) out.push_back({TurnFeatures(fmt::format("{} Echt {}.", other[i % 5], i), SharedMorphology()), false});
  return out;
}

TEST(CodeModel, SameDataSameModelBytesAndProbabilities) {
  std::vector<Example> examples = MoneyExamples(12, 15);
  CodeModel a = CodeModel::Train("financiering", examples);
  CodeModel b = CodeModel::Train("financiering", examples);
  EXPECT_EQ(a.Text(), b.Text());
  std::vector<std::string> money = TurnFeatures("Het geld van de subsidie is op.", SharedMorphology());
  std::vector<std::string> other = TurnFeatures("De wethouder wil hetzelfde.", SharedMorphology());
  EXPECT_EQ(a.Probability(money), b.Probability(money));
  EXPECT_GT(a.Probability(money), 0.5);
  EXPECT_LT(a.Probability(other), 0.5);
  // What the store keeps reads back as the same model.
  CodeModel read = CodeModel::Parse(a.Text());
  EXPECT_EQ(read.Text(), a.Text());
  EXPECT_EQ(read.Probability(money), a.Probability(money));
  EXPECT_EQ(read.code(), "financiering");
  EXPECT_THROW(CodeModel::Parse("kansrijk-model 1\tcode x\tpositives 1\tnegatives 1\nbias\tabc\n"), Error);
  // Both thresholds are kept: the suggestions' and the model alone's.
  a.Decide(0.7, "on: for the test");
  a.DecideAlone(0.35);
  read = CodeModel::Parse(a.Text());
  EXPECT_EQ(read.threshold(), 0.7);
  EXPECT_EQ(read.alone_threshold(), 0.35);
  EXPECT_EQ(read.Text(), a.Text());
  // A model stored before the model alone had a threshold (version 2) reads with 0.5 for it.
  CodeModel old = CodeModel::Parse("kansrijk-model 2\tcode x\tpositives 10\tnegatives 10\nthreshold\t0.6\n"
                                   "decision\ton\nbias\t-1\nc:geld\t2\n");
  EXPECT_EQ(old.threshold(), 0.6);
  EXPECT_EQ(old.alone_threshold(), 0.5);
  EXPECT_EQ(old.Probability({"c:geld"}), CodeModel::Parse(old.Text()).Probability({"c:geld"}));
}

TEST(CodeModel, TooFewExamplesIsAClearMessage) {
  try {
    CodeModel::Train("financiering", MoneyExamples(9, 30));
    FAIL() << "trained on 9 positives";
  } catch (const TooFewExamples& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("'financiering': 9 turns with it and 30 seen without it"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("at least 10 of each"));
  }
  EXPECT_THROW(CodeModel::Train("financiering", MoneyExamples(30, 9)), TooFewExamples);
  EXPECT_NO_THROW(CodeModel::Train("financiering", MoneyExamples(10, 10)));
}

class LearnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One interview of 30 respondent turns: 12 about money, 18 about other things.
    const char* money[] = {"Er is geen geld meer.", "De subsidie stopt.", "Het budget is te krap.", "De financiering is tijdelijk."};
    const char* other[] = {"De wethouder trekt de kar.", "We willen hetzelfde.", "De verloskundige doet mee."};
    std::string text;
    for (int i = 0; i < 30; ++i) {
      std::string turn = i < 12 ? money[i % 4] : other[i % 3];
      text += fmt::format("I: Vraag {}?\nR: {} Punt {}.\n", i, turn, i);
    }
    corpus_.Write("2021/interview-a.txt", text);
    Ingest(store_, {.corpus = corpus_.path()});
    CodeCorpus(store_, book_, Coder(book_, SharedMorphology()));
    // Respondent turns are 2, 4, ..., 60. anna codes the money turns and has read the whole document.
    for (int i = 0; i < 12; ++i) {
      store_.AddManual({.kind = ManualWork::Kind::kCode, .coder = "anna", .file = "2021/interview-a.txt", .turn = 2 * i + 2,
                        .code = "financiering"});
    }
    store_.AddManual({.kind = ManualWork::Kind::kSeen, .coder = "anna", .file = "2021/interview-a.txt"});
  }

  TempDir corpus_, work_;
  Store store_ = Store::Open(work_.path() / "k.db");
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
};

TEST_F(LearnTest, TrainingSetsFromTheResearchersWork) {
  // bram read only turn 30 and rejected the rules' financiering on turn 2: both are his negatives.
  store_.AddManual({.kind = ManualWork::Kind::kReject, .coder = "bram", .file = "2021/interview-a.txt", .turn = 2,
                    .code = "financiering"});
  store_.AddManual({.kind = ManualWork::Kind::kSeen, .coder = "bram", .file = "2021/interview-a.txt", .turn = 30});
  std::vector<CodeTrainingSet> bram = CollectTrainingSets(store_, {.coders = {"bram"}, .codes = {"financiering"}});
  ASSERT_EQ(bram.size(), 1u);
  EXPECT_TRUE(bram[0].positives.empty());
  ASSERT_EQ(bram[0].negatives.size(), 2u);
  EXPECT_EQ(bram[0].negatives[0].number, 2);
  EXPECT_EQ(bram[0].negatives[1].number, 30);
  // Together: anna's yes on turn 2 wins over bram's no.
  std::vector<CodeTrainingSet> both = CollectTrainingSets(store_, {.codes = {"financiering"}});
  EXPECT_EQ(both[0].positives.size(), 12u);
  EXPECT_EQ(both[0].negatives.size(), 18u);
  EXPECT_THROW(CollectTrainingSets(store_, {.coders = {"nobody"}}), Error);
}

TEST_F(LearnTest, StoresEachModelWithWhatItWasTrainedOn) {
  std::ostringstream out;
  LearnResult result = Learn(store_, {.coders = {"anna"}, .codes = {"financiering", "kartrekker"}}, out);
  EXPECT_EQ(result.trained, 1);
  EXPECT_EQ(result.too_few, std::vector<std::string>{"kartrekker"});
  EXPECT_THAT(out.str(), HasSubstr("financiering: learned from 12 turns with it and 18 without; suggestions off: the "
                                   "coded turns are in 1 document, and deciding needs a 5-fold cross-validation"));
  EXPECT_THAT(out.str(), HasSubstr("kartrekker: too few examples to learn code 'kartrekker': 0 turns with it and 30"));
  std::vector<StoredModel> models = store_.Models();
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].code, "financiering");
  EXPECT_EQ(models[0].coders, std::vector<std::string>{"anna"});
  EXPECT_EQ(models[0].positives, 12);
  EXPECT_EQ(models[0].negatives, 18);
  EXPECT_EQ(models[0].codebook_hash, store_.CodebookHash());
  EXPECT_FALSE(models[0].codebook_hash.empty());
  EXPECT_THAT(models[0].trained, ::testing::MatchesRegex("20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T.*Z"));
  CodeModel model = CodeModel::Parse(models[0].model);
  EXPECT_GT(model.Probability(TurnFeatures("Er is geen geld.", SharedMorphology())), 0.5);
  // Learning again from the same work stores the same bytes.
  std::string first = models[0].model;
  Learn(store_, {.coders = {"anna"}, .codes = {"financiering"}}, out);
  EXPECT_EQ(store_.Models()[0].model, first);
}

// Six interviews in which anna codes money the rules do not know ("de pot is leeg"): cross-validation finds
// that the model helps, and learn stores the code "on" with its threshold.
TEST(Learn, CrossValidationTurnsACodeOnWhereTheModelHelps) {
  TempDir corpus, work;
  const char* money[] = {"De pot is leeg.", "De middelen raken op.", "Er is geen dekking voor de kosten.",
                         "De pot raakt leeg."};
  const char* other[] = {"De wethouder trekt de kar.", "We willen hetzelfde.", "De verloskundige doet mee."};
  for (int d = 0; d < 6; ++d) {
    std::string text;
    for (int i = 0; i < 10; ++i) text += fmt::format("I: Vraag {}?\nR: {} Punt {}.\n", i, i < 4 ? money[i] : other[i % 3], i);
    corpus.Write(fmt::format("2021/interview-{}.txt", d), text);
  }
  Store store = Store::Open(work.path() / "k.db");
  Ingest(store, {.corpus = corpus.path()});
  Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  CodeCorpus(store, book, Coder(book, SharedMorphology()));
  for (int d = 0; d < 6; ++d) {
    const std::string file = fmt::format("2021/interview-{}.txt", d);
    for (int i = 0; i < 4; ++i) {
      store.AddManual({.kind = ManualWork::Kind::kCode, .coder = "anna", .file = file, .turn = 2 * i + 2, .code = "financiering"});
    }
    store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = "anna", .file = file});
  }
  std::ostringstream out;
  LearnResult result = Learn(store, {.codes = {"financiering"}}, out);
  EXPECT_EQ(result.on, 1) << out.str();
  EXPECT_THAT(out.str(), HasSubstr("financiering: learned from 24 turns with it and 36 without; suggestions on: in a "
                                   "5-fold document-grouped cross-validation"));
  CodeModel model = CodeModel::Parse(store.Models()[0].model);
  EXPECT_TRUE(model.on());
  EXPECT_LE(model.threshold(), 0.95);
  EXPECT_LE(model.alone_threshold(), 0.95);  // chosen by the same cross-validation, for the model alone
}

// The researcher coded every turn of tests/gold as its gold file says. With 3 folds, rules plus model beat the
// rules on personeelstekort with 2 suggestions, both right: too few to turn a code on (it used to flip on here
// and stay off with 5 folds).
TEST(Learn, TwoRightSuggestionsAreTooFewToTurnACodeOn) {
  TempDir work;
  Store store = Store::Open(work.path() / "k.db");
  Ingest(store, {.corpus = SourceDir() / "tests/gold/corpus"});
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  CodeCorpus(store, book, Coder(book, SharedMorphology()));
  ASSERT_EQ(ImportCodingsCsv(store, SourceDir() / "tests/gold/gold.csv", "marieke").errors.size(), 0u);
  for (const Store::Progress& p : store.ReviewProgress("marieke")) {
    store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = "marieke", .file = p.file});
  }
  std::ostringstream out;
  LearnResult result = Learn(store, {.codes = {"personeelstekort"}, .selection = {.folds = 3}}, out);
  EXPECT_EQ(result.on, 0) << out.str();
  EXPECT_THAT(out.str(), HasSubstr("2 suggestions, 2 right"));
  EXPECT_THAT(out.str(), HasSubstr("too few suggestions were right to decide on (at least 5 are needed)"));
}

TEST(Learn, NothingToLearnFromIsAClearError) {
  TempDir work;
  Store store = Store::Open(work.path() / "k.db");
  std::ostringstream out;
  EXPECT_THROW(Learn(store, {}, out), Error);
}

TEST(DocumentFolds, NoDocumentOnBothSides) {
  std::vector<std::string> documents;
  for (int d = 0; d < 12; ++d) {
    for (int t = 0; t <= d % 4; ++t) documents.push_back(fmt::format("doc-{}", (d * 7) % 12));
  }
  std::vector<int> fold = DocumentFolds(documents, 5);
  ASSERT_EQ(fold.size(), documents.size());
  std::map<std::string, std::set<int>> folds_of;
  std::set<int> used;
  for (size_t i = 0; i < documents.size(); ++i) {
    folds_of[documents[i]].insert(fold[i]);
    used.insert(fold[i]);
  }
  for (const auto& [document, folds] : folds_of) EXPECT_EQ(folds.size(), 1u) << document;
  EXPECT_EQ(used, (std::set<int>{0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace kansrijk
