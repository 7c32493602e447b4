#include "pipeline/code.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "pipeline/ingest.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using testing::SourceDir;
using testing::TempDir;

class CodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write("2021/interview-a.txt", "I: Is er genoeg geld?\nR: Nee, er is geen geld. En de kartrekker is weg.\n");
    corpus_.Write("2022/interview-b.txt", "I: En nu?\nR: Het personeelstekort is groot.\n");
    Store store = Store::Open(db_);
    Ingest(store, {corpus_.path()});
  }
  std::vector<std::string> Rows(const Store& store) {
    std::vector<std::string> out;
    for (const CodingRow& c : store.Codings({})) {
      out.push_back(c.turn.file + "#" + std::to_string(c.turn.number) + " " + c.code + c.valence + " " + c.coder + " " +
                    c.turn.text.substr(c.span.begin, c.span.size()));
    }
    return out;
  }
  TempDir corpus_, work_;
  std::filesystem::path db_ = work_.path() / "k.db";
  Morphology morphology_ = Morphology::Load();
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
};

TEST_F(CodeTest, CodesRespondentTurnsOnlyByDefault) {
  Store store = Store::Open(db_);
  CodeSummary summary = CodeCorpus(store, book_, Coder(book_, morphology_));
  EXPECT_EQ(summary.turns, 2);
  EXPECT_EQ(Rows(store), (std::vector<std::string>{"2021/interview-a.txt#2 financiering- auto geld",
                                                   "2021/interview-a.txt#2 kartrekker+ auto kartrekker",
                                                   "2022/interview-b.txt#2 personeelstekort- auto personeelstekort"}));
  EXPECT_EQ((summary.coded_turns[{"financiering", 2021}]), 1);
  CodeSummary with_interviewer = CodeCorpus(store, book_, Coder(book_, morphology_), {.include_interviewer = true});
  EXPECT_EQ(with_interviewer.turns, 4);
  EXPECT_EQ(Rows(store).size(), 4u);  // the interviewer's "genoeg geld"
}

// Ingest keeps its compound splits in the database; `code` recalls them instead of splitting each word again,
// with the same codings. Splits made with another dictionary (another SplitsKey) are not recalled.
TEST_F(CodeTest, CompoundSplitsKeptByIngestAreRecalledByCode) {
  Store store = Store::Open(db_);
  const Morphology fresh = Morphology::Load();
  ASSERT_TRUE(fresh.KnownCompoundParts().empty());
  store.RecallWordParts(&fresh);
  std::map<std::string, std::vector<std::string>> known;
  for (auto& [word, parts] : fresh.KnownCompoundParts()) known[word] = parts;
  EXPECT_EQ(known["personeelstekort"], (std::vector<std::string>{"personeel", "tekort"}));
  EXPECT_TRUE(known.contains("kartrekker"));
  EXPECT_TRUE(known.contains("geld") && known["geld"].empty());

  CodeCorpus(store, book_, Coder(book_, morphology_));
  const std::vector<std::string> recalled = Rows(store);
  Morphology own = Morphology::Load();  // splits every word itself: nothing kept for this key
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "UPDATE meta SET value = 'another dictionary' WHERE key = 'word_parts'", nullptr,
                           nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  store.RecallWordParts(&own);
  EXPECT_TRUE(own.KnownCompoundParts().empty());
  CodeCorpus(store, book_, Coder(book_, own));
  EXPECT_EQ(Rows(store), recalled);
  EXPECT_FALSE(recalled.empty());
}

TEST_F(CodeTest, RecodingReplacesRuleCodingsAndKeepsManualOnes) {
  Store store = Store::Open(db_);
  CodeCorpus(store, book_, Coder(book_, morphology_));
  TurnRow turn = store.Turns({.years = {2022}, .speakers = TurnFilter::Speakers::kRespondent})[0];
  store.AddManual({.kind = ManualWork::Kind::kCode, .coder = "marieke", .file = turn.file, .turn = turn.number,
                   .span = Span{0, 3}, .code = "kartrekker", .valence = '-', .memo = "niemand trekt"});
  CodeCorpus(store, book_, Coder(book_, morphology_), {.all = true});
  CodeCorpus(store, book_, Coder(book_, morphology_), {.all = true});
  std::vector<std::string> rows = Rows(store);
  EXPECT_EQ(rows.size(), 4u);  // three rule codings, not six, and the manual one
  EXPECT_NE(std::find(rows.begin(), rows.end(), "2022/interview-b.txt#2 kartrekker- marieke Het"), rows.end());
  for (const CodingRow& c : store.Codings({})) {
    if (c.origin == "rule") {
      EXPECT_EQ(c.codebook_id, "mini");
      EXPECT_EQ(c.codebook_hash, book_.content_hash);
      EXPECT_FALSE(c.rules.empty());
    }
  }
}

// A document coded under the same key (codebook, options, program, dictionary) is not coded again: a second run
// codes nothing and keeps every coding; a changed document, and only it, is coded again.
TEST_F(CodeTest, OnlyTheDocumentsNotCodedUnderTheSameKeyAreCoded) {
  Store store = Store::Open(db_);
  CodeSummary first = CodeCorpus(store, book_, Coder(book_, morphology_));
  EXPECT_EQ(first.coded, 2);
  const std::vector<std::string> rows = Rows(store);
  CodeSummary again = CodeCorpus(store, book_, Coder(book_, morphology_));
  EXPECT_EQ(again.coded, 0);
  EXPECT_EQ(again.turns, 2);
  EXPECT_EQ(again.codings, first.codings);
  EXPECT_EQ(again.coded_turns, first.coded_turns);
  EXPECT_EQ(Rows(store), rows);
  std::ostringstream out;
  WriteCodeSummary(again, book_, out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("2 turns coded with mini (3 codings): 0 now, 2 already before, by `ingest --codebook`"));

  corpus_.Write("2022/interview-b.txt", "I: En nu?\nR: Het personeelstekort is groot.\nI: En geld?\nR: Er is geen geld.\n");
  Ingest(store, {corpus_.path()});
  CodeSummary changed = CodeCorpus(store, book_, Coder(book_, morphology_));
  EXPECT_EQ(changed.coded, 2);  // the two respondent turns of interview-b, not interview-a's
  EXPECT_EQ(changed.turns, 3);
  const std::vector<std::string> partly = Rows(store);
  CodeSummary all = CodeCorpus(store, book_, Coder(book_, morphology_), {.all = true});
  EXPECT_EQ(all.coded, 3);
  EXPECT_EQ(all.coded_turns, changed.coded_turns);
  std::vector<std::string> whole = Rows(store), part = partly;
  std::sort(whole.begin(), whole.end());
  std::sort(part.begin(), part.end());
  EXPECT_EQ(part, whole);
  EXPECT_EQ(whole.size(), 4u);

  // Another key codes everything: coding interviewer turns too, or a changed codebook.
  EXPECT_EQ(CodeCorpus(store, book_, Coder(book_, morphology_), {.include_interviewer = true}).coded, 6);
  EXPECT_EQ(CodeCorpus(store, book_, Coder(book_, morphology_)).coded, 3);
  Codebook changed_book = book_;
  changed_book.content_hash += "-edited";
  EXPECT_EQ(CodeCorpus(store, changed_book, Coder(changed_book, morphology_)).coded, 3);
}

// `ingest --codebook` codes each document as it stores it: the same codings, in the same order, as ingest and
// then code; `code` afterwards has nothing left to code.
TEST(CodeCorpus, IngestWithACodebookCodesAsCodeWould) {
  Morphology morphology = Morphology::Load();
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  auto rows = [](const Store& store) {
    std::vector<std::string> out;
    for (const CodingRow& c : store.Codings({})) {  // in id order
      out.push_back(fmt::format("{}#{} {}{} {}-{} {} {}", c.turn.file, c.turn.number, c.code, c.valence, c.span.begin,
                                c.span.end, c.rules, c.valence_reason));
    }
    return out;
  };
  TempDir work;
  Store separate = Store::Open(work.path() / "separate.db");
  Ingest(separate, {SourceDir() / "corpus"});
  CodeSummary coded = CodeCorpus(separate, book, Coder(book, morphology));
  Store together = Store::Open(work.path() / "together.db");
  IngestSummary ingested = Ingest(together, {.corpus = SourceDir() / "corpus", .codebook = &book});
  ASSERT_TRUE(ingested.coded);
  EXPECT_EQ(ingested.coded->coded, 0);  // every document was coded as it was stored
  EXPECT_EQ(ingested.coded->codings, coded.codings);
  EXPECT_EQ(ingested.coded->coded_turns, coded.coded_turns);
  EXPECT_GT(coded.codings, 100);
  EXPECT_EQ(rows(together), rows(separate));
  EXPECT_EQ(CodeCorpus(together, book, Coder(book, together.morphology())).coded, 0);
  EXPECT_EQ(CodeCorpus(together, book, Coder(book, morphology)).coded, 0);  // a Morphology of the same dictionary
}

// Coding runs on worker threads: the stored codings, their order and the summary do not depend on how many.
TEST(CodeCorpus, SameCodingsWhateverTheThreads) {
  TempDir work;
  Morphology morphology = Morphology::Load();
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  Store store = Store::Open(work.path() / "k.db");
  Ingest(store, {SourceDir() / "corpus"});
  auto coded = [&](int threads) {
    std::vector<size_t> seen;
    CodeSummary summary = CodeCorpus(store, book, Coder(book, morphology),
                                     {.threads = threads, .all = true,
                                      .progress = [&](size_t done, size_t total, const std::string&) {
                                        seen.push_back(done);
                                        EXPECT_LE(done, total);
                                      }});
    std::vector<std::string> rows;
    for (const CodingRow& c : store.Codings({})) {  // in id order: the order they were written in
      rows.push_back(fmt::format("{}#{} {}{} {}-{} {} {}", c.turn.file, c.turn.number, c.code, c.valence, c.span.begin,
                                 c.span.end, c.rules, c.valence_reason));
    }
    EXPECT_FALSE(seen.empty());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), static_cast<size_t>(summary.turns));
    return std::make_pair(rows, summary.coded_turns);
  };
  auto one = coded(1), four = coded(4);
  EXPECT_GT(one.first.size(), 100u);
  EXPECT_EQ(one, four);
}

}  // namespace
}  // namespace kansrijk
