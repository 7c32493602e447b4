// learn/suggest.h through `code`: suggestions only where the rules did not code, never in the default report,
// counted once accepted, the same on every run, explained, and from the starting model when the database has none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "base/file.h"
#include "exchange/codings_csv.h"
#include "export/codings.h"
#include "learn/agree.h"
#include "learn/features.h"
#include "learn/model.h"
#include "learn/suggest.h"
#include "learn/training.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "report/accuracy.h"
#include "report/coder_agreement.h"
#include "report/render.h"
#include "report/year_report.h"
#include "test_util.h"
#include "work/explain.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::SharedMorphology;
using testing::SourceDir;
using testing::TempDir;

// A financiering model that knows money in words the mini codebook's rules do not have.
CodeModel MoneyModel(double threshold) {
  const char* money[] = {"De pot is leeg.", "De middelen raken op.", "Er is geen dekking voor de kosten.",
                         "De pot raakt leeg en de middelen zijn op."};
  const char* other[] = {"De wethouder trekt de kar.", "We willen hetzelfde.", "De verloskundige doet mee.",
                         "Het overleg loopt goed."};
  std::vector<Example> examples;
  for (int i = 0; i < 12; ++i) {
    examples.push_back({TurnFeatures(fmt::format("{} Echt {}.", money[i % 4], i), SharedMorphology()), true});
    examples.push_back({TurnFeatures(fmt::format("{} Echt {}.", other[i % 4], i), SharedMorphology()), false});
  }
  CodeModel model = CodeModel::Train("financiering", examples);
  model.Decide(threshold, threshold <= 1 ? "on: for the test" : "off: for the test");
  return model;
}

class ModelSuggestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Respondent turns 2 (money in other words), 4 (money in the rules' words), 6 (a driver).
    corpus_.Write("2021/interview-a.txt",
                  "I: Hoe staat het?\nR: De pot is leeg, de middelen raken op.\nI: En verder?\nR: Er is geen geld.\n"
                  "I: Wie trekt?\nR: De wethouder trekt de kar.\n");
    Ingest(store_, {.corpus = corpus_.path()});
  }
  void Code(const std::filesystem::path& starting_model = {}) {
    CodeSummary summary = CodeCorpus(store_, book_, Coder(book_, SharedMorphology()),
                                     {.threads = 1, .suggest_with = &SharedMorphology(), .starting_model = starting_model});
    suggested_ = *summary.suggested;
  }
  void StoreModel(const CodeModel& model) {
    store_.PutModels({{.code = model.code(), .model = model.Text(), .coders = {"anna"}, .positives = model.positives(),
                       .negatives = model.negatives()}});
  }
  int64_t TurnId(int number) { return store_.FindTurn("2021/interview-a.txt", number)->id; }
  std::string DefaultReport() {
    std::ostringstream out;
    WriteMarkdown(BuildYearReport(store_, {}), out);
    return out.str();
  }
  std::set<std::pair<int64_t, std::string>> Viewed(const std::string& coder) {
    std::set<std::pair<int64_t, std::string>> out;
    for (const Store::ViewedCoding& c : store_.CodedTurns({.coder = coder})) out.insert({c.turn_id, c.code});
    return out;
  }

  TempDir corpus_, work_;
  Store store_ = Store::Open(work_.path() / "k.db");
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  SuggestSummary suggested_;
};

TEST_F(ModelSuggestTest, OnlyWhereTheRulesDidNotCodeWithProbabilityAndFeatures) {
  StoreModel(MoneyModel(0.5));
  Code();
  EXPECT_EQ(suggested_.models_on, 1);
  std::vector<StoredSuggestion> all = store_.Suggestions();
  ASSERT_EQ(all.size(), 1u);
  const StoredSuggestion& s = all[0];
  EXPECT_EQ(s.turn_id, TurnId(2));  // turn 4 has financiering from the rules: no suggestion there
  EXPECT_EQ(s.code, "financiering");
  EXPECT_GE(s.probability, 0.5);
  EXPECT_EQ(s.threshold, 0.5);
  ASSERT_FALSE(s.features.empty());
  EXPECT_LE(s.features.size(), 5u);
  for (size_t i = 1; i < s.features.size(); ++i) EXPECT_GE(s.features[i - 1].second, s.features[i].second);
  EXPECT_THAT(s.valence_reason, HasSubstr("at the feature"));  // the valence rules ran on the feature's words
  for (const auto& [turn, code] : Viewed("auto")) EXPECT_FALSE(turn == s.turn_id && code == s.code);
  // An off model suggests nothing.
  StoreModel(MoneyModel(2));
  Code();
  EXPECT_TRUE(store_.Suggestions().empty());
}

TEST_F(ModelSuggestTest, NeverInTheDefaultReportOnlyInAutoPlusModel) {
  Code();
  const std::string before = DefaultReport();
  const auto viewed_before = Viewed("");
  StoreModel(MoneyModel(0.5));
  Code();
  ASSERT_EQ(store_.Suggestions().size(), 1u);
  EXPECT_EQ(DefaultReport(), before);
  EXPECT_EQ(Viewed(""), viewed_before);
  EXPECT_EQ(Viewed("auto"), viewed_before);
  for (const CodingRow& c : store_.Codings({}, {})) EXPECT_NE(c.origin, "model");
  auto with_model = Viewed(CodingView::kWithModel);
  EXPECT_EQ(with_model.size(), viewed_before.size() + 1);
  EXPECT_TRUE(with_model.contains({TurnId(2), "financiering"}));
}

TEST_F(ModelSuggestTest, AnAcceptedSuggestionCountsAsTheResearchersAndSurvivesARecode) {
  StoreModel(MoneyModel(0.5));
  Code();
  store_.AddManual({.kind = ManualWork::Kind::kAccept, .coder = "anna", .file = "2021/interview-a.txt", .turn = 2,
                    .code = "financiering"});
  EXPECT_TRUE(Viewed("anna").contains({TurnId(2), "financiering"}));
  EXPECT_TRUE(Viewed("").contains({TurnId(2), "financiering"}));
  EXPECT_FALSE(Viewed("auto").contains({TurnId(2), "financiering"}));
  Code();  // replaces the suggestion; anna's review is manual work and stays
  EXPECT_TRUE(Viewed("anna").contains({TurnId(2), "financiering"}));
  // Rejected by someone, it counts in nobody's view but the accepting researcher's.
  store_.AddManual({.kind = ManualWork::Kind::kReject, .coder = "bram", .file = "2021/interview-a.txt", .turn = 2,
                    .code = "financiering"});
  EXPECT_FALSE(Viewed("").contains({TurnId(2), "financiering"}));
  EXPECT_FALSE(Viewed("bram").contains({TurnId(2), "financiering"}));
  EXPECT_TRUE(Viewed("anna").contains({TurnId(2), "financiering"}));
}

TEST_F(ModelSuggestTest, TheReviewQueueHoldsSuggestionsTheMostUncertainFirst) {
  StoreModel(MoneyModel(0.5));
  Code();
  Store::ReviewQueue in_order = store_.OpenReviews("anna", {}, "", "", 10);
  Store::ReviewQueue uncertain = store_.OpenReviews("anna", {}, "", "", 10, true);
  ASSERT_EQ(in_order.total, 3);  // financiering on turn 4, kartrekker on 6 (rules), the suggestion on 2
  EXPECT_EQ(uncertain.total, 3);
  ASSERT_FALSE(uncertain.items[0].empty());
  EXPECT_EQ(uncertain.items[0][0].origin, "model");
  EXPECT_EQ(uncertain.items[0][0].coder, "model");
  EXPECT_EQ(uncertain.items[1][0].origin, "rule");
  // Reviewed, it leaves the queue like a rule coding.
  store_.AddManual({.kind = ManualWork::Kind::kReject, .coder = "anna", .file = "2021/interview-a.txt", .turn = 2,
                    .code = "financiering"});
  EXPECT_EQ(store_.OpenReviews("anna", {}, "", "", 10, true).total, 2);
  // The review app's progress counts the same items: the suggestion is one, and it is decided.
  std::vector<Store::Progress> progress = store_.ReviewProgress("anna");
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].items, 3);
  EXPECT_EQ(progress[0].reviewed, 1);
}

TEST_F(ModelSuggestTest, AgreeWithGoldPutsRulesModelAloneAndRulesPlusModelSideBySide) {
  const std::string gold = work_.Write("gold.csv", "file,turn,code,valence\n2021/interview-a.txt,2,financiering,-\n"
                                                   "2021/interview-a.txt,4,financiering,-\n").string();
  auto agree = [&] {
    std::ostringstream out;
    RunAgree({.db = (work_.path() / "k.db").string(), .gold = gold}, out);
    return out.str();
  };
  Code();
  // No model anywhere: the rules alone, as before the models.
  EXPECT_THAT(agree(), Not(HasSubstr("model alone")));
  CodeModel on = MoneyModel(0.5);
  StoreModel(on);
  Code();
  AccuracyReport rules = MeasureAgainstGold(store_, gold, "auto");
  AccuracyReport both = MeasureAgainstGold(store_, gold, CodingView::kWithModel);
  EXPECT_EQ(rules.codes[0].true_positive, 1);  // turn 4: the rules' words
  EXPECT_EQ(both.codes[0].true_positive, 2);   // and turn 2: the suggestion
  // The model alone judges every turn, the rules' too, at its own threshold; what it says is counted, not assumed.
  Predictions alone = JudgeTurns(store_, book_, SharedMorphology(), {{on}}, {}).alone;
  ASSERT_TRUE(alone.contains({"2021/interview-a.txt", 2, "financiering"}));
  EXPECT_FALSE(alone.contains({"2021/interview-a.txt", 6, "financiering"}));  // the driver's turn
  const int alone_tp = alone.contains({"2021/interview-a.txt", 4, "financiering"}) ? 2 : 1;
  std::string out = agree();
  EXPECT_THAT(out, HasSubstr("| code | gold positives | rules P | R | F1 | model alone P | R | F1 | rules + model P | R | F1 |"));
  EXPECT_THAT(out, HasSubstr(fmt::format("| financiering | 2 | 1.00 | 0.50 | 0.67 | 1.00 | {:.2f} | {:.2f} | 1.00 | 1.00 | 1.00 |",
                                         alone_tp / 2.0, alone_tp == 2 ? 1.0 : 2.0 / 3)));
  EXPECT_THAT(out, HasSubstr("### Rules (auto)"));
  EXPECT_THAT(out, HasSubstr("### The model alone"));
  EXPECT_THAT(out, HasSubstr("### Rules plus the model's suggestions (auto+model)"));
  EXPECT_THAT(out, HasSubstr("1 of 1 on"));
  // An off model suggests nothing, so rules plus model is the rules; the model alone is still measured.
  StoreModel(MoneyModel(2));
  out = agree();
  EXPECT_THAT(out, HasSubstr("0 of 1 on"));
  EXPECT_THAT(out, HasSubstr("| financiering | 2 | 1.00 | 0.50 | 0.67 | 1.00 | "));
  EXPECT_THAT(out, HasSubstr("| 1.00 | 0.50 | 0.67 |\n| all codes (micro)"));
  // With a --coder it is that coder against the gold file, as always.
  std::ostringstream one;
  RunAgree({.db = (work_.path() / "k.db").string(), .gold = gold, .coders = {"auto"}}, one);
  EXPECT_THAT(one.str(), Not(HasSubstr("model alone")));
}

TEST_F(ModelSuggestTest, ASpreadsheetReviewsASuggestionLikeARuleCoding) {
  StoreModel(MoneyModel(0.5));
  Code();
  const std::filesystem::path csv = work_.Write("review.csv", "file,turn,code,coder,status\n"
                                                             "2021/interview-a.txt,2,financiering,model,accepted\n");
  CodingsImport result = ImportCodingsCsv(store_, csv, "anna");
  EXPECT_EQ(result.accepted, 1);
  EXPECT_TRUE(Viewed("anna").contains({TurnId(2), "financiering"}));
  std::ostringstream out;
  ExportCodings(store_, {}, "anna", nullptr, TableFormat::kCsv, out);
  EXPECT_THAT(out.str(), HasSubstr(R"("financiering","-","model","model","0","37","De pot is leeg, de middelen raken op.","accepted")"));
}

TEST_F(ModelSuggestTest, SameDataSameSuggestions) {
  StoreModel(MoneyModel(0.5));
  Code();
  std::vector<StoredSuggestion> first = store_.Suggestions();
  Code();
  std::vector<StoredSuggestion> again = store_.Suggestions();
  ASSERT_EQ(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].turn_id, again[i].turn_id);
    EXPECT_EQ(first[i].code, again[i].code);
    EXPECT_EQ(first[i].probability, again[i].probability);
    EXPECT_EQ(first[i].features, again[i].features);
    EXPECT_EQ(first[i].valence, again[i].valence);
  }
}

TEST_F(ModelSuggestTest, ExplainShowsTheProbabilityAndTheFeatures) {
  StoreModel(MoneyModel(0.5));
  Code();
  std::ostringstream out;
  WriteExplanation(Explainer::Load(store_).Explain(store_, "2021/interview-a.txt", 2), out);
  const StoredSuggestion s = store_.Suggestions()[0];
  EXPECT_THAT(out.str(), HasSubstr(fmt::format("financiering{}  probability {:.2f} (suggests from 0.50", s.valence, s.probability)));
  EXPECT_THAT(out.str(), HasSubstr("features that weighed most: " + s.features[0].first));
  std::ostringstream none;
  WriteExplanation(Explainer::Load(store_).Explain(store_, "2021/interview-a.txt", 4), none);
  EXPECT_THAT(none.str(), Not(HasSubstr("Model suggestions")));
}

TEST_F(ModelSuggestTest, TheStartingModelServesUntilTheDatabaseHasItsOwn) {
  const std::filesystem::path file = work_.Write("start.model", ModelFileText({MoneyModel(0.5)}));
  Code(file);
  EXPECT_EQ(store_.Suggestions().size(), 1u);
  EXPECT_THAT(suggested_.source, HasSubstr("start.model"));
  StoreModel(MoneyModel(2));  // learn stored this database's own: off
  Code(file);
  EXPECT_TRUE(store_.Suggestions().empty());
  EXPECT_THAT(suggested_.source, HasSubstr("this database"));
  EXPECT_THROW(ParseModelFile("not a model", "x.model"), Error);
}

// The starting model that ships with the codebook is what `make starting-model` writes from tests/gold, byte for
// byte: the same data gives the same model, and the shipped file is current.
TEST(StartingModel, IsTheOneTheGoldSetTrainsByteForByte) {
  TempDir work;
  Store store = Store::Open(work.path() / "gold.db");
  Ingest(store, {.corpus = SourceDir() / "tests/gold/corpus"});
  const std::filesystem::path yaml = SourceDir() / "codebook/kansrijke-start.yaml";
  Codebook book = LoadCodebook(yaml);
  CodeCorpus(store, book, Coder(book, SharedMorphology()));
  std::ostringstream out;
  std::string trained = ModelFileText(LearnFromGold(store, SourceDir() / "tests/gold/gold.csv", {}, out));
  EXPECT_EQ(trained, ModelFileText(LearnFromGold(store, SourceDir() / "tests/gold/gold.csv", {}, out)));
  EXPECT_TRUE(trained == ReadFile(StartingModelOf(yaml))) << "codebook/kansrijke-start.model is out of date: make starting-model";
}

TEST(CodeModel, TheDecisionTravelsWithTheModel) {
  CodeModel on = MoneyModel(0.35);
  CodeModel read = CodeModel::Parse(on.Text());
  EXPECT_TRUE(read.on());
  EXPECT_EQ(read.threshold(), 0.35);
  EXPECT_EQ(read.decision(), "on: for the test");
  EXPECT_EQ(read.Text(), on.Text());
  EXPECT_FALSE(CodeModel::Parse(MoneyModel(2).Text()).on());
  std::vector<CodeModel> two = ParseModelFile(ModelFileText({on, MoneyModel(2)}), "x.model");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].Text(), on.Text());
}

}  // namespace
}  // namespace kansrijk
