// Re-anchoring as a pure function: where each piece of the researcher's work lands on a document's new turns.
// No database: tests/store/manual_test.cc checks the same promise through Store and a real re-ingest.
#include "store/anchor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using Kind = ManualWork::Kind;
using How = Placement::How;

// The document as the work was made on it.
const std::string kTurn2 = "Er is geen geld. De kartrekker is weg.";

// Work of `kind` on turn `turn` (text `turn_text`): a coding of `span_text`, or (empty) the whole turn.
AnchoredWork Work(Kind kind, int turn, const std::string& turn_text, const std::string& span_text = "") {
  AnchoredWork work{.kind = kind, .turn = turn, .turn_text = turn_text, .span_text = span_text};
  if (span_text.empty()) work.span_text = turn_text;
  work.begin = static_cast<int64_t>(turn_text.find(work.span_text));
  return work;
}

// The new version of the document: turns numbered from 1.
std::vector<AnchorTurn> Turns(const std::vector<std::string>& texts) {
  std::vector<AnchorTurn> turns;
  for (const std::string& text : texts) turns.push_back({static_cast<int>(turns.size()) + 1, text});
  return turns;
}

std::string Text(const std::vector<AnchorTurn>& turns, const Placement& p) {
  for (const AnchorTurn& t : turns) {
    if (t.number == p.turn) return t.text.substr(p.span.begin, p.span.size());
  }
  return "(no turn " + std::to_string(p.turn) + ")";
}

struct Case {
  const char* name;
  AnchoredWork work;
  std::vector<std::string> turns;  // the new turns, numbered from 1
  How how;
  int turn;              // where it lands (0 when orphaned)
  std::string expected;  // the new turn's text at the placed span; for orphaned work, part of the reason
};

TEST(Reanchor, PlacesWorkByItsText) {
  const std::string kCorrected = "Er is geen geld. Onze kartrekker is weg.";  // one word changed
  const std::vector<std::string> kSame = {"Hoe gaat het?", kTurn2, "En verder?", "Het personeelstekort is groot."};
  const std::vector<Case> cases = {
      {"same text, same place", Work(Kind::kCode, 2, kTurn2, "kartrekker"), kSame, How::kSameTurnText, 2, "kartrekker"},
      {"same text, moved down two turns", Work(Kind::kCode, 2, kTurn2, "kartrekker"),
       {"Welkom.", "Dank je.", "Hoe gaat het?", kTurn2}, How::kSameTurnText, 4, "kartrekker"},
      {"same text, moved beyond the window: text wins over distance", Work(Kind::kCode, 2, kTurn2, "geld"),
       {"a", "b", "c", "d", "e", "f", "g", "h", "i", kTurn2}, How::kSameTurnText, 10, "geld"},
      {"duplicate texts: the nearest", Work(Kind::kSeen, 5, "Ja."),
       {"Ja.", "x", "y", "z", "w", "v", "Ja.", "u", "Ja."}, How::kSameTurnText, 7, "Ja."},
      {"duplicate texts as near: the earlier", Work(Kind::kSeen, 5, "Ja."),
       {"x", "y", "Ja.", "z", "w", "v", "Ja."}, How::kSameTurnText, 3, "Ja."},
      {"span text in a reworded turn", Work(Kind::kCode, 2, kTurn2, "kartrekker"),
       {"Hoe gaat het?", "Nou, de kartrekker is helaas weg."}, How::kSameSpanText, 2, "kartrekker"},
      {"span text in a nearby turn", Work(Kind::kCode, 2, kTurn2, "De kartrekker is weg."),
       {"Hoe gaat het?", "Er is geen geld.", "En verder?", "De kartrekker is weg."}, How::kSameSpanText, 4,
       "De kartrekker is weg."},
      {"span text twice: the nearest turn first", Work(Kind::kCode, 4, kTurn2, "kartrekker"),
       {"kartrekker", "x", "y", "z", "De kartrekker."}, How::kSameSpanText, 5, "kartrekker"},
      {"span text at the window's edge", Work(Kind::kCode, 2, kTurn2, "kartrekker"),
       {"a", "b", "c", "d", "e", "f", "De kartrekker."}, How::kSameSpanText, 7, "kartrekker"},
      {"span text beyond the window: orphaned", Work(Kind::kCode, 2, kTurn2, "kartrekker"),
       {"a", "b", "c", "d", "e", "f", "g", "De kartrekker."}, How::kOrphaned, 0,
       "the text of turn 2 changed and its text was not found within 5 turns"},
      {"one word corrected: a review follows the turn", Work(Kind::kReject, 2, kTurn2),
       {"Hoe gaat het?", kCorrected}, How::kSimilarTurn, 2, kCorrected},
      {"one word corrected: a memo follows the turn", Work(Kind::kMemo, 2, kTurn2),
       {"Welkom.", "Hoe gaat het?", kCorrected}, How::kSimilarTurn, 3, kCorrected},
      {"one word corrected: a seen mark follows the turn", Work(Kind::kSeen, 2, kTurn2), {"Hoe gaat het?", kCorrected},
       How::kSimilarTurn, 2, kCorrected},
      {"one word corrected: a coding of the whole turn is orphaned", Work(Kind::kCode, 2, kTurn2),
       {"Hoe gaat het?", kCorrected}, How::kOrphaned, 0, "turn 2 changed"},
      {"one word corrected: a coding of unchanged words stays", Work(Kind::kCode, 2, kTurn2, "geen geld"),
       {"Hoe gaat het?", kCorrected}, How::kSameSpanText, 2, "geen geld"},
      {"a rewritten turn takes no review", Work(Kind::kAccept, 2, kTurn2),
       {"Hoe gaat het?", "Wij hebben het over iets heel anders."}, How::kOrphaned, 0, "turn 2 changed"},
      {"a similar turn beyond the window takes no review", Work(Kind::kReject, 1, kTurn2),
       {"a", "b", "c", "d", "e", "f", kCorrected}, How::kOrphaned, 0, "turn 1 changed"},
      {"a removed document: the coding is orphaned", Work(Kind::kCode, 2, kTurn2, "kartrekker"), {}, How::kOrphaned, 0,
       "turn 2 changed"},
      {"a removed document: the memo is orphaned", Work(Kind::kMemo, 2, kTurn2), {}, How::kOrphaned, 0,
       "turn 2 changed"},
  };
  for (const Case& c : cases) {
    std::vector<AnchorTurn> turns = Turns(c.turns);
    std::vector<Placement> placed = Reanchor({c.work}, turns);
    ASSERT_EQ(placed.size(), 1u) << c.name;
    const Placement& p = placed[0];
    EXPECT_EQ(p.how, c.how) << c.name;
    EXPECT_EQ(p.turn, c.turn) << c.name;
    if (c.how == How::kOrphaned) {
      EXPECT_THAT(p.orphaned, HasSubstr(c.expected)) << c.name;
    } else {
      EXPECT_EQ(p.orphaned, "") << c.name;
      EXPECT_EQ(Text(turns, p), c.expected) << c.name;
    }
  }
}

// Orphaned work keeps the text it was made on, so the same work is placed again when that text comes back.
TEST(Reanchor, PlacesOrphanedWorkWhenItsTextReturns) {
  const std::vector<AnchoredWork> work = {Work(Kind::kCode, 2, kTurn2, "kartrekker"), Work(Kind::kReject, 2, kTurn2),
                                          Work(Kind::kCode, 4, "Het personeelstekort is groot.", "personeelstekort")};
  std::vector<Placement> gone = Reanchor(work, Turns({"Hoe gaat het?", "Nee.", "En verder?"}));
  ASSERT_EQ(gone.size(), 3u);
  for (const Placement& p : gone) EXPECT_EQ(p.how, How::kOrphaned);
  EXPECT_THAT(gone[2].orphaned, HasSubstr("turn 4"));
  std::vector<AnchorTurn> back =
      Turns({"Welkom.", "Hoe gaat het?", kTurn2, "En verder?", "Het personeelstekort is groot."});
  std::vector<Placement> placed = Reanchor(work, back);
  ASSERT_EQ(placed.size(), 3u);
  EXPECT_EQ(placed[0].how, How::kSameTurnText);
  EXPECT_EQ(placed[0].turn, 3);
  EXPECT_EQ(Text(back, placed[0]), "kartrekker");
  EXPECT_EQ(placed[1].turn, 3);
  EXPECT_EQ(Text(back, placed[1]), kTurn2);
  EXPECT_EQ(placed[2].turn, 5);
  EXPECT_EQ(Text(back, placed[2]), "personeelstekort");
}

TEST(Reanchor, KeepsTheOrderOfTheWork) {
  EXPECT_TRUE(Reanchor({}, Turns({"a"})).empty());
  std::vector<Placement> placed =
      Reanchor({Work(Kind::kSeen, 1, "b"), Work(Kind::kSeen, 1, "a")}, Turns({"a", "b"}));
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].turn, 2);
  EXPECT_EQ(placed[1].turn, 1);
}

TEST(WordSimilarity, CountsTheWordsInCommonInOrder) {
  struct Similar {
    const char* a;
    const char* b;
    double expected;
  };
  const std::vector<Similar> cases = {
      {"", "", 1.0},
      {"geld", "", 0.0},
      {"de kartrekker is weg", "de kartrekker is weg", 1.0},
      {"de kartrekker is weg", "onze kartrekker is weg", 0.75},  // 2·3 / 8
      {"de  kartrekker\tis\nweg", "de kartrekker is weg", 1.0},  // any white space splits words
      {"is weg kartrekker de", "de kartrekker is weg", 0.5},     // LCS "is weg" or "de kartrekker": 2·2 / 8
      {"a b c", "x y z", 0.0},
  };
  for (const Similar& c : cases) {
    EXPECT_DOUBLE_EQ(WordSimilarity(c.a, c.b), c.expected) << "'" << c.a << "' vs '" << c.b << "'";
  }
}

}  // namespace
}  // namespace kansrijk
