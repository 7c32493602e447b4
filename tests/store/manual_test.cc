// The researcher's work in the store: views over rule and manual codings, reviews, memos, and the promise that
// no re-ingest loses any of it (re-anchored by text, or kept as orphaned).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sqlite3.h>

#include <random>
#include <set>

#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "store/fts_tokenizer.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using testing::SourceDir;
using testing::TempDir;
using Kind = ManualWork::Kind;

class ManualTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write({"Is er genoeg geld?", "Nee, er is geen geld. En de kartrekker is weg.", "En verder?",
           "Het personeelstekort is groot."});
    Ingest(store_, {.corpus = corpus_.path()});
    CodeCorpus(store_, book_, Coder(book_, morphology_));
  }
  // One interview: interviewer and respondent turns alternate.
  void Write(const std::vector<std::string>& turns) {
    std::string text;
    for (size_t i = 0; i < turns.size(); ++i) text += (i % 2 ? "R: " : "I: ") + turns[i] + "\n";
    corpus_.Write("2021/interview-a.txt", text);
  }
  IngestSummary Reingest() { return Ingest(store_, {.corpus = corpus_.path(), .prune = true}); }
  std::vector<std::string> Rows(const CodingView& view) {
    std::vector<std::string> out;
    for (const CodingRow& c : store_.Codings({}, view)) {
      out.push_back(std::to_string(c.turn.number) + " " + c.code + " " + c.coder + " [" +
                    c.turn.text.substr(c.span.begin, c.span.size()) + "]" + (c.status.empty() ? "" : " " + c.status) +
                    (c.memo.empty() ? "" : " " + c.memo));
    }
    return out;
  }
  ManualWork Coding(int turn, const std::string& code, Span span, const std::string& coder = "marieke") {
    return {.kind = Kind::kCode, .coder = coder, .file = "2021/interview-a.txt", .turn = turn, .span = span, .code = code};
  }
  ManualWork Review(Kind kind, int turn, const std::string& code, const std::string& coder = "marieke") {
    return {.kind = kind, .coder = coder, .file = "2021/interview-a.txt", .turn = turn, .code = code};
  }

  TempDir corpus_, work_;
  Store store_ = Store::Open(work_.path() / "k.db");
  Morphology morphology_ = Morphology::Load();
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
};

TEST_F(ManualTest, ViewsCombineRulesReviewsAndManualCodings) {
  store_.AddManual(Coding(2, "gezamenlijk-doel", {22, 46}));
  ManualWork reject = Review(Kind::kReject, 2, "financiering");
  reject.memo = "geld is hier niet het punt";
  store_.AddManual(reject);
  store_.AddManual(Review(Kind::kAccept, 2, "financiering", "joost"));
  EXPECT_EQ(Rows({.coder = "auto"}), (std::vector<std::string>{"2 financiering auto [geld]",
                                                              "2 kartrekker auto [kartrekker]",
                                                              "4 personeelstekort auto [personeelstekort]"}));
  EXPECT_EQ(Rows({.coder = "marieke"}),
            (std::vector<std::string>{"2 gezamenlijk-doel marieke [En de kartrekker is weg.]",
                                      "2 kartrekker auto [kartrekker]",
                                      "4 personeelstekort auto [personeelstekort]"}));
  EXPECT_EQ(Rows({.coder = "marieke", .with_rejected = true})[0],
            "2 financiering auto [geld] rejected geld is hier niet het punt");
  EXPECT_EQ(Rows({.coder = "joost"})[0], "2 financiering auto [geld] accepted");
  EXPECT_EQ(Rows({}).size(), 3u);  // everyone: rejected by marieke, so out; her manual coding in
  // A later review by the same coder replaces the earlier one.
  store_.AddManual(Review(Kind::kAccept, 2, "financiering"));
  EXPECT_EQ(Rows({.coder = "marieke"})[0], "2 financiering auto [geld] accepted");
  EXPECT_EQ(store_.ManualWorkList({.coder = "marieke"}).size(), 2u);
  // The same coding again only updates it.
  store_.AddManual(Coding(2, "gezamenlijk-doel", {22, 46}));
  EXPECT_EQ(store_.ManualWorkList({.coder = "marieke"}).size(), 2u);
  EXPECT_EQ(store_.RemoveManual(Coding(2, "gezamenlijk-doel", {22, 46})), 1);
  EXPECT_EQ(store_.ManualWorkList({.coder = "marieke"}).size(), 1u);
}

TEST_F(ManualTest, RejectsWorkThatHasNoPlace) {
  using ::testing::HasSubstr;
  using ::testing::ThrowsMessage;
  auto add = [&](const ManualWork& work) { return [&, work] { store_.AddManual(work); }; };
  EXPECT_THAT(add(Coding(9, "kartrekker", {0, 3})),
              ThrowsMessage<Error>(HasSubstr("2021/interview-a.txt turn 9: no such turn (hint: turns are numbered")));
  EXPECT_THAT(add(Coding(2, "kartrekker", {0, 300})),
              ThrowsMessage<Error>(HasSubstr("turn 2: the span 0:300 does not lie within the turn's text")));
  EXPECT_THAT(add(Coding(2, "kartrekker", {3, 3})),
              ThrowsMessage<Error>(HasSubstr("the span 3:3 does not lie within the turn's text")));
  EXPECT_THAT(add(Coding(2, "kartrekker", {0, 3}, "auto")),
              ThrowsMessage<Error>(HasSubstr("'auto' is the name of the rules (hint: give your own name")));
  ManualWork elsewhere = Coding(2, "kartrekker", {0, 3});
  elsewhere.file = "2021/nope.txt";
  EXPECT_THAT(add(elsewhere), ThrowsMessage<Error>(HasSubstr("2021/nope.txt: no such document in the database")));
  // A review of a code the rules did not find on the turn: nothing to review (the store checks, for every caller).
  EXPECT_THAT(add(Review(Kind::kAccept, 4, "kartrekker")),
              ThrowsMessage<Error>(HasSubstr("neither the rules nor a model coded turn 4 with kartrekker: nothing to review")));
  EXPECT_TRUE(store_.ManualWorkList({}).empty());
}

TEST_F(ManualTest, SurvivesReingestAndRecodingByItsText) {
  store_.AddManual(Coding(2, "kartrekker", {28, 38}));                // "kartrekker"
  store_.AddManual(Coding(4, "personeelstekort", {4, 20}));           // "personeelstekort"
  store_.AddManual(Review(Kind::kReject, 2, "financiering"));
  store_.AddManual({.kind = Kind::kMemo, .coder = "marieke", .file = "2021/interview-a.txt", .memo = "eerste gesprek"});
  // Two turns inserted before, and turn 4 reworded around its coded span: all placed again.
  Write({"Welkom.", "Dank je.", "Is er genoeg geld?", "Nee, er is geen geld. En de kartrekker is weg.", "En verder?",
         "Tja, het personeelstekort is echt groot."});
  IngestSummary summary = Reingest();
  EXPECT_EQ(summary.updated, 1);
  CodeCorpus(store_, book_, Coder(book_, morphology_));
  EXPECT_EQ(Rows({.coder = "marieke"}),
            (std::vector<std::string>{"4 kartrekker marieke [kartrekker]", "4 kartrekker auto [kartrekker]",
                                      "6 personeelstekort marieke [personeelstekort]",
                                      "6 personeelstekort auto [personeelstekort]"}));
  EXPECT_TRUE(store_.ManualWorkList({.orphaned = true}).empty());
  // The coded text disappears: kept, orphaned, warned about; and placed again when the text comes back.
  Write({"Is er genoeg geld?", "Nee.", "En verder?", "Het personeelstekort is groot."});
  summary = Reingest();
  std::vector<ManualWork> orphans = store_.ManualWorkList({.orphaned = true});
  ASSERT_EQ(orphans.size(), 2u);  // the coding and the review of turn 4 (was 2)
  EXPECT_EQ(orphans[0].kind, Kind::kReject);
  EXPECT_EQ(orphans[1].span_text, "kartrekker");
  EXPECT_NE(orphans[1].orphaned.find("not found"), std::string::npos);
  ASSERT_EQ(summary.warnings.size(), 1u);
  EXPECT_NE(summary.warnings[0].message.find("2 of the researchers'"), std::string::npos);
  Write({"Is er genoeg geld?", "Nee, er is geen geld. En de kartrekker is weg.", "En verder?",
         "Het personeelstekort is groot."});
  Reingest();
  EXPECT_TRUE(store_.ManualWorkList({.orphaned = true}).empty());
  EXPECT_EQ(store_.ManualWorkList({}).size(), 4u);
  // A removed document keeps everything as orphaned.
  std::filesystem::remove(corpus_.path() / "2021/interview-a.txt");
  Reingest();
  EXPECT_EQ(store_.ManualWorkList({.orphaned = true}).size(), 4u);
}

// A corrected word in a turn: reviews, memos and seen marks follow the turn (it is still the same passage), a
// coding of the whole turn does not (it claimed the old words), and a rewritten turn takes nothing.
TEST_F(ManualTest, ReviewsAndMemosFollowATurnWithACorrectedWord) {
  store_.AddManual(Review(Kind::kReject, 2, "financiering"));
  store_.AddManual({.kind = Kind::kMemo, .coder = "marieke", .file = "2021/interview-a.txt", .turn = 2, .memo = "let op"});
  store_.AddManual({.kind = Kind::kSeen, .coder = "marieke", .file = "2021/interview-a.txt", .turn = 2});
  store_.AddManual(Coding(2, "kartrekker", {0, 46}));  // the whole turn
  store_.AddManual(Review(Kind::kAccept, 4, "personeelstekort"));
  Write({"Welkom.", "Dank je.", "Is er genoeg geld?", "Nee, er is geen geld. En onze kartrekker is weg.", "En verder?",
         "Wij hebben het over iets heel anders."});
  IngestSummary summary = Reingest();
  std::vector<ManualWork> orphans = store_.ManualWorkList({.orphaned = true});
  ASSERT_EQ(orphans.size(), 2u);
  EXPECT_EQ(orphans[0].kind, Kind::kCode);
  EXPECT_EQ(orphans[1].kind, Kind::kAccept);
  int followed = 0;
  for (const ManualWork& w : store_.ManualWorkList({})) {
    if (!w.orphaned.empty()) continue;
    EXPECT_EQ(w.turn, 4);
    EXPECT_EQ(w.span_text, "Nee, er is geen geld. En onze kartrekker is weg.");
    ++followed;
  }
  EXPECT_EQ(followed, 3);
  ASSERT_EQ(summary.warnings.size(), 2u);
  EXPECT_NE(summary.warnings[1].message.find("3 of the researchers' reviews, memos or seen marks"), std::string::npos);
  CodeCorpus(store_, book_, Coder(book_, morphology_));
  EXPECT_EQ(Rows({.coder = "marieke", .with_rejected = true})[0], "4 financiering auto [geld] rejected");
  // Its new text is the anchor now: ingesting the same version again changes nothing.
  EXPECT_EQ(Reingest().warnings.size(), 0u);
}

// A database of schema 2 kept manual codings in `codings`; opening it moves them into `manual`, anchored.
TEST_F(ManualTest, MigrationMovesSchemaTwoManualCodings) {
  const std::filesystem::path db = work_.path() / "k.db";
  auto rule_codings = [&] {
    std::vector<std::string> out;
    for (const CodingRow& c : store_.Codings({}, {.coder = "auto"})) {
      out.push_back(fmt::format("{} {} {} {}-{} {} {} {} {} {}", c.turn.id, c.code, c.valence, c.span.begin,
                                c.span.end, c.rules, c.valence_reason, c.codebook_id, c.codebook_hash, c.origin));
    }
    return out;
  };
  const std::vector<std::string> rules_before = rule_codings();
  ASSERT_FALSE(rules_before.empty());
  store_ = Store::Open(work_.path() / "other.db");  // let go of k.db
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  Morphology morphology = Morphology::Load();
  TokenizerContext tokenizer{&morphology};
  RegisterTokenizer(raw, &tokenizer);  // DROP COLUMN re-reads the whole schema, the FTS triggers too
  const char* downgrade = R"sql(
    -- schema 9 made codings a view over coding_rows: back to the table of schema 2
    CREATE TABLE old_codings(id INTEGER PRIMARY KEY, turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
      code TEXT NOT NULL, valence TEXT NOT NULL CHECK (valence IN ('+', '-')),
      origin TEXT NOT NULL CHECK (origin IN ('rule', 'manual')), coder TEXT NOT NULL, begin INTEGER NOT NULL,
      end INTEGER NOT NULL, rules TEXT NOT NULL DEFAULT '', valence_reason TEXT NOT NULL DEFAULT '', codebook_id TEXT,
      codebook_hash TEXT, memo TEXT NOT NULL DEFAULT '');
    INSERT INTO old_codings SELECT * FROM codings;
    DROP VIEW codings;
    DROP TABLE coding_rows;
    DROP TABLE coding_labels;
    ALTER TABLE old_codings RENAME TO codings;
    CREATE INDEX codings_turn ON codings(turn_id);
    CREATE INDEX codings_code ON codings(code);
    ALTER TABLE documents DROP COLUMN text_hash;  -- added by schema 6
    INSERT INTO codings(turn_id, code, valence, origin, coder, begin, end, memo)
      SELECT id, 'kartrekker', '-', 'manual', 'marieke', 28, 38, 'weg' FROM turns WHERE number = 2;
    DROP TABLE manual;
    DROP TABLE suggestions;  -- added by schema 8
    DROP TABLE models;  -- added by schema 7
    DROP TABLE word_parts;  -- added by schema 10
    DROP TABLE index_forms;  -- added by schema 13
    DROP TABLE coded_documents;  -- added by schema 14
    PRAGMA legacy_alter_table = ON;  -- no re-parsing of the FTS triggers, whose tokenizer is not loaded here
    CREATE TABLE old_codebooks(id TEXT PRIMARY KEY, title TEXT NOT NULL, version TEXT NOT NULL, file TEXT NOT NULL,
                               content_hash TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO old_codebooks SELECT id, title, version, file, content_hash FROM codebooks;
    DROP TABLE codebooks;
    ALTER TABLE old_codebooks RENAME TO codebooks;  -- schema 2 had no yaml column
    ALTER TABLE turns ADD COLUMN normalized TEXT NOT NULL DEFAULT '';  -- schema 5 dropped it
    PRAGMA user_version = 2;)sql";
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(raw, downgrade, nullptr, nullptr, &message), SQLITE_OK) << message;
  sqlite3_close(raw);
  store_ = Store::Open(db);
  std::vector<ManualWork> moved = store_.ManualWorkList({});
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].span_text, "kartrekker");
  EXPECT_EQ(moved[0].memo, "weg");
  EXPECT_EQ(moved[0].valence, '-');
  EXPECT_EQ(Rows({.coder = "marieke"})[1], "2 kartrekker marieke [kartrekker] weg");
  EXPECT_EQ(rule_codings(), rules_before) << "schema 9's lean codings read back as the table of schema 2";
}

// Random edits, re-ingests, re-codes and manual codings: afterwards every manual coding is either on a turn
// whose text at its span is exactly the text it was made on, or listed as orphaned. Nothing disappears.
TEST_F(ManualTest, PropertyEveryManualCodingIsInPlaceOrOrphaned) {
  const std::vector<std::string> sentences = {
      "De kartrekker is weg.", "Er is geen geld.", "We hebben een gezamenlijk doel.", "Het personeelstekort is groot.",
      "Ja.", "Dat weet ik niet.", "De wethouder trekt de kar.", "Te weinig mensen.", "Kortom: het loopt.",
      "Coördinatie kost tijd."};
  std::mt19937 random(20261123);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  std::vector<std::string> turns = {"Hoe gaat het?", "Er is geen geld.", "En verder?", "De kartrekker is weg."};
  std::map<int64_t, std::string> made;  // id → the text it was made on
  for (int step = 0; step < 60; ++step) {
    switch (pick(5)) {
      case 0: turns.insert(turns.begin() + pick(turns.size() + 1), sentences[pick(sentences.size())]); break;
      case 1: if (turns.size() > 2) turns.erase(turns.begin() + pick(turns.size())); break;
      case 2: turns[pick(turns.size())] += " " + sentences[pick(sentences.size())]; break;
      case 3: turns[pick(turns.size())] = sentences[pick(sentences.size())]; break;
      default: break;
    }
    Write(turns);
    Reingest();
    if (pick(3) == 0) CodeCorpus(store_, book_, Coder(book_, morphology_));
    // A manual coding of a random word-aligned stretch of a random turn.
    std::vector<TurnRow> stored = store_.Turns({});
    const TurnRow& turn = stored[pick(stored.size())];
    size_t begin = pick(turn.text.size());
    while (begin > 0 && turn.text[begin - 1] != ' ') --begin;
    size_t end = turn.text.find(' ', begin + 1);
    if (end == std::string::npos) end = turn.text.size();
    ManualWork work = Coding(turn.number, "kartrekker", {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    made[store_.AddManual(work)] = turn.text.substr(begin, end - begin);

    std::map<int64_t, std::string> placed;
    for (const CodingRow& c : store_.Codings({}, {.coder = "marieke"})) {
      if (c.origin == "manual") placed[c.id] = c.turn.text.substr(c.span.begin, c.span.size());
    }
    std::set<int64_t> orphaned;
    for (const ManualWork& w : store_.ManualWorkList({.orphaned = true})) orphaned.insert(w.id);
    for (const auto& [id, text] : made) {
      SCOPED_TRACE(fmt::format("step {}, coding {} '{}'", step, id, text));
      ASSERT_NE(placed.contains(id), orphaned.contains(id));
      if (placed.contains(id)) {
        EXPECT_EQ(placed[id], text);
      }
    }
    ASSERT_EQ(store_.ManualWorkList({.coder = "marieke"}).size(), made.size());
  }
}

}  // namespace
}  // namespace kansrijk
