#include "ingest/interviewer_guess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/read_transcript.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;

// Turns of "speaker|text" lines, nobody marked.
std::vector<Turn> Turns(const std::vector<std::string>& lines) {
  std::vector<Turn> turns;
  for (const std::string& line : lines) {
    Turn turn;
    turn.speaker = line.substr(0, line.find('|'));
    turn.text = line.substr(line.find('|') + 1);
    turns.push_back(turn);
  }
  return turns;
}

std::vector<std::string> Interviewers(const std::vector<Turn>& turns) {
  std::vector<std::string> out;
  for (const Turn& turn : turns) {
    if (turn.is_interviewer && std::find(out.begin(), out.end(), turn.speaker) == out.end()) out.push_back(turn.speaker);
  }
  return out;
}

TEST(GuessInterviewer, OneAskingSpeakerWhoSpeaksFirst) {
  // Otter's export (tests/data/formats/otter.txt): Hurst, Peter asks in 4 of his 5 turns, Anouk Visser in none.
  Transcript t = ReadTranscript(testing::SourceDir() / "tests/data/formats/otter.txt", "otter.txt",
                                InterviewerLabels());
  EXPECT_EQ(GuessInterviewer(t.turns), "interviewer guessed: Hurst, Peter (4 of 5 turns are questions); if that is "
                                       "wrong, name the interviewer in interviewers.txt or in the manifest's "
                                       "interviewers column");
  EXPECT_EQ(Interviewers(t.turns), std::vector<std::string>{"Hurst, Peter"});
}

TEST(GuessInterviewer, KnownLabelsComeFirst) {
  std::vector<Turn> turns = Turns({"Anna|Wat vind jij?", "Host|Welkom allemaal.", "Anna|Hoe dan?", "Bert|Ja."});
  EXPECT_THAT(*GuessInterviewer(turns), HasSubstr("interviewer guessed: Host (a label that names the interviewer)"));
  EXPECT_EQ(Interviewers(turns), std::vector<std::string>{"Host"});
  turns = Turns({"Q|Hoe gaat het?", "A|Goed."});
  GuessInterviewer(turns);
  EXPECT_EQ(Interviewers(turns), std::vector<std::string>{"Q"});
  turns = Turns({"Vraag 1|Wat doet u?", "Antwoord|Ik werk bij de GGD."});
  GuessInterviewer(turns);
  EXPECT_EQ(Interviewers(turns), std::vector<std::string>{"Vraag 1"});
}

TEST(GuessInterviewer, WeakEvidenceIsNoGuessAndSaysSo) {
  // Two askers (a focus group where participants ask each other as much as the moderator does).
  std::vector<Turn> turns = Turns({"Anna|Wie begint?", "Bert|Waarom ik?", "Anna|Wat denk jij?", "Bert|Hoezo?",
                                   "Anna|Nou?", "Bert|Goed dan."});
  EXPECT_THAT(*GuessInterviewer(turns), HasSubstr("no interviewer guessed: Bert asks too (2 of 3 turns), so there is more "
                                                  "than one asking speaker"));
  EXPECT_TRUE(Interviewers(turns).empty());
  // Too few turns to judge.
  turns = Turns({"Anna|Hoe gaat het?", "Bert|Goed.", "Anna|Fijn?"});
  EXPECT_THAT(*GuessInterviewer(turns), HasSubstr("no interviewer guessed: Anna, who speaks first, has only 2 turn(s)"));
  // The first speaker does not ask.
  turns = Turns({"Anna|Ik begin.", "Bert|Goed?", "Anna|Ja.", "Bert|En nu?", "Anna|Klaar.", "Bert|Echt?"});
  EXPECT_THAT(*GuessInterviewer(turns), HasSubstr("Anna, who speaks first, asks in only 0 of 3 turns"));
  EXPECT_TRUE(Interviewers(turns).empty());
}

TEST(GuessInterviewer, NothingToSayWhenMarkedUnnamedOrAlone) {
  std::vector<Turn> turns = Turns({"Anna|Wat vind jij?", "Bert|Goed.", "Anna|Waarom?", "Bert|Daarom."});
  turns[1].is_interviewer = true;  // named in interviewers.txt or the manifest: no guess
  EXPECT_EQ(GuessInterviewer(turns), std::nullopt);
  EXPECT_EQ(Interviewers(turns), std::vector<std::string>{"Bert"});
  turns = Turns({"|Een tekst zonder sprekers?"});
  EXPECT_EQ(GuessInterviewer(turns), std::nullopt);
  turns = Turns({"Wethouder Jansen|Het geld is op.", "|Naschrift?"});  // one speaker: a statement, not an interview
  EXPECT_EQ(GuessInterviewer(turns), std::nullopt);
  EXPECT_TRUE(Interviewers(turns).empty());
}

}  // namespace
}  // namespace kansrijk
