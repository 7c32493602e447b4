// `kansrijk check`: a database damaged in each way the schema forbids is named, with a way out; --repair takes
// the way outs that lose nothing, and the researcher's work survives it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sqlite3.h>

#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "store/check.h"
#include "store/fts_tokenizer.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::SourceDir;
using testing::TempDir;
using Kind = ManualWork::Kind;

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write("2021/interview-a.txt",
                  "I: Is er genoeg geld?\nR: Nee, er is geen geld. En de kartrekker is weg.\nI: En verder?\n"
                  "R: Het personeelstekort is groot.\n");
    corpus_.Write("2022/interview-b.txt", "I: Hoe gaat het?\nR: Er is te weinig geld voor de coalitie.\n");
    Ingest(store_, {.corpus = corpus_.path()});
    CodeCorpus(store_, book_, Coder(book_, morphology_));
    store_.AddManual({.kind = Kind::kCode, .coder = "marieke", .file = "2021/interview-a.txt", .turn = 2,
                      .span = Span{22, 46}, .code = "gezamenlijk-doel"});
    store_.AddManual({.kind = Kind::kReject, .coder = "marieke", .file = "2021/interview-a.txt", .turn = 2,
                      .code = "financiering"});
    store_.AddManual({.kind = Kind::kMemo, .coder = "marieke", .file = "2021/interview-a.txt", .memo = "lezen"});
    store_.AddManual({.kind = Kind::kMemo, .coder = "marieke", .code = "financiering", .memo = "breed"});
    ASSERT_EQ(sqlite3_open((work_.path() / "k.db").c_str(), &raw_), SQLITE_OK);
    RegisterTokenizer(raw_, &tokenizer_);  // the turn index's triggers need it
  }
  void TearDown() override { sqlite3_close(raw_); }

  // Damages the database behind the store's back, as a crash, a bug or a hand with sqlite3 could.
  void Damage(const std::string& sql) {
    char* message = nullptr;
    ASSERT_EQ(sqlite3_exec(raw_, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  }
  std::vector<std::string> Problems(bool repair = false) {
    std::vector<std::string> out;
    for (const StoreProblem& p : CheckStore(store_, {.repair = repair})) out.push_back(p.ToString());
    return out;
  }
  size_t ManualCount() { return store_.ManualWorkList({}).size(); }

  TempDir corpus_, work_;
  Morphology morphology_ = Morphology::Load();
  TokenizerContext tokenizer_{&morphology_};
  Store store_ = Store::Open(work_.path() / "k.db");
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  sqlite3* raw_ = nullptr;
};

TEST_F(CheckTest, AHealthyDatabaseHasNoProblems) { EXPECT_THAT(Problems(), ::testing::IsEmpty()); }

TEST_F(CheckTest, ATurnChangedBehindIngestsBackIsNamedAndReadAgain) {
  Damage("UPDATE turns SET text = 'Er is geen geld.' WHERE number = 2 AND document_id = "
         "(SELECT id FROM documents WHERE file = '2021/interview-a.txt')");
  std::vector<std::string> problems = Problems();
  EXPECT_THAT(problems, ::testing::Contains(
      "document 2021/interview-a.txt: its turns are not the text ingest stored (a turn changed or lost); turn 2 has "
      "a sentence outside its text (what to do: run `kansrijk check --repair`, then `kansrijk ingest CORPUS` to read "
      "it again)"));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("(2021/interview-a.txt turn 2, kartrekker): its span lies "
                                                      "outside the turn (what to do: run `kansrijk code --all`")));
  // The researcher's coding and review sit on that turn: their anchor text is no longer the turn's.
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("is placed on a turn whose text is not the text it was made on")));
  // The repair unplaces the work (keeping it) and marks the document; ingest reads it again and places the work.
  std::vector<std::string> left = Problems(/*repair=*/true);
  EXPECT_THAT(left, ::testing::Contains(HasSubstr("marked to be read again")));
  EXPECT_THAT(left, ::testing::Contains(HasSubstr("run `kansrijk ingest CORPUS`: it reads the document again")));
  EXPECT_THAT(left, ::testing::Each(Not(HasSubstr("check --repair`,")))) << "nothing left that a repair could do";
  EXPECT_EQ(ManualCount(), 4u);
  IngestSummary again = Ingest(store_, {.corpus = corpus_.path()});
  EXPECT_EQ(again.updated, 1) << "only the marked document is read again";
  EXPECT_THAT(Problems(), ::testing::IsEmpty());
  EXPECT_THAT(store_.ManualWorkList({.orphaned = true}), ::testing::IsEmpty()) << "every piece placed again";
}

TEST_F(CheckTest, ALostTurnIsNamed) {
  Damage("PRAGMA foreign_keys = OFF; DELETE FROM turns WHERE number = 4");
  std::vector<std::string> problems = Problems();
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("document 2021/interview-a.txt: its turns are not the text")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("codings: 1 row(s) point at a row of turns")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("sentences: ")));
  Problems(true);
  Ingest(store_, {.corpus = corpus_.path()});
  EXPECT_THAT(Problems(), ::testing::IsEmpty());
}

TEST_F(CheckTest, TurnsNumberedWithAGapAreNamed) {
  Damage("UPDATE turns SET number = 7 WHERE number = 2 AND document_id = (SELECT id FROM documents WHERE file = "
         "'2022/interview-b.txt')");
  EXPECT_THAT(Problems(), ::testing::Contains(
      HasSubstr("document 2022/interview-b.txt: its 2 turns are not numbered 1 to 2 (they run 1 to 7)")));
}

TEST_F(CheckTest, AnIndexOutOfStepWithTheTurnsIsRebuilt) {
  // Take one turn out of the index only, as a write that bypassed the triggers would.
  Damage("INSERT INTO turns_fts(turns_fts, rowid, text) SELECT 'delete', id, text FROM turns WHERE number = 2 LIMIT 1");
  EXPECT_THAT(Problems(), ::testing::ElementsAre(HasSubstr(
      "turn index: the full-text index does not match the turns")));
  EXPECT_THAT(Problems(true), ::testing::IsEmpty());
  EXPECT_EQ(store_.Match("kartrekker", {}).size(), 1u);
}

TEST_F(CheckTest, ACodingOfAnUnknownCodeOrOutsideItsTurnIsNamed) {
  // `codings` is a view (schema 9): the damage goes into the table under it.
  Damage("UPDATE coding_labels SET text = 'verzonnen' WHERE text = 'kartrekker'");
  Damage("UPDATE coding_rows SET end = 999 WHERE code = (SELECT id FROM coding_labels WHERE text = 'personeelstekort')");
  std::vector<std::string> problems = Problems();
  EXPECT_THAT(problems, ::testing::Contains(AllOf(HasSubstr("2021/interview-a.txt turn 2, verzonnen"),
                                                  HasSubstr("its code is not in its codebook"),
                                                  HasSubstr("run `kansrijk code --all`"))));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("its span lies outside the turn")));
  CodeCorpus(store_, book_, Coder(book_, morphology_), {.all = true});
  EXPECT_THAT(Problems(), ::testing::IsEmpty());
}

TEST_F(CheckTest, WorkNeitherPlacedNorOrphanedIsNamedAndKept) {
  Damage("UPDATE manual SET turn_id = NULL WHERE kind = 'code'");
  EXPECT_THAT(Problems(), ::testing::ElementsAre(HasSubstr("is neither placed on a turn nor orphaned")));
  EXPECT_THAT(Problems(true), ::testing::ElementsAre(HasSubstr("it reads the document again")));
  Ingest(store_, {.corpus = corpus_.path()});
  EXPECT_THAT(Problems(), ::testing::IsEmpty());
  EXPECT_EQ(ManualCount(), 4u);
  EXPECT_THAT(store_.ManualWorkList({.orphaned = true}), ::testing::IsEmpty());
}

TEST_F(CheckTest, WorkPlacedOnAnotherTurnOrSpanIsNamed) {
  Damage("UPDATE manual SET turn_number = 4 WHERE kind = 'reject'");
  Damage("UPDATE manual SET span_text = 'iets anders' WHERE kind = 'code'");
  std::vector<std::string> problems = Problems();
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("reject work by marieke (2021/interview-a.txt turn 4, manual #")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("is placed on another turn than it names")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("its span is not the text it was made on")));
}

TEST_F(CheckTest, WorkThatNamesNothingIsNamed) {
  Damage("UPDATE manual SET file = NULL, code = NULL WHERE kind = 'memo' AND code IS NULL");
  EXPECT_THAT(Problems(), ::testing::ElementsAre(AllOf(HasSubstr("names no document, turn or code to be on"),
                                                       HasSubstr("kansrijk coding remove --id"))));
}

TEST_F(CheckTest, ADamagedFileIsNamedWithARestore) {
  sqlite3_close(raw_);
  raw_ = nullptr;
  const std::filesystem::path file = work_.path() / "k.db";
  store_ = Store::Open(work_.path() / "other.db");  // let go of k.db (and fold its WAL into it)
  // Overwrite the middle of the file: pages of the tables, not the header.
  std::string bytes = testing::ReadFile(file);
  ASSERT_GT(bytes.size(), 40000u);
  for (size_t i = 8192; i < bytes.size() - 4096; i += 4096) bytes.replace(i + 100, 200, std::string(200, '\x7f'));
  work_.Write("k.db", bytes);
  std::vector<std::string> problems;
  for (const StoreProblem& p : CheckDatabase(file, {})) problems.push_back(p.ToString());
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0], HasSubstr("database: "));
  EXPECT_THAT(problems[0], HasSubstr(".recover | sqlite3 recovered.db"));
}

}  // namespace
}  // namespace kansrijk
