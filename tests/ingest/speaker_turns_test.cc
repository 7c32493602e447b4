#include "ingest/speaker_turns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace kansrijk {
namespace {

std::vector<Turn> FromText(const std::string& text, InterviewerLabels interviewers = InterviewerLabels()) {
  static std::vector<std::string> storage;  // keep the lines alive for SourceLine views
  storage.clear();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) storage.push_back(line);
  std::vector<SourceLine> lines;
  for (size_t i = 0; i < storage.size(); ++i) lines.push_back({storage[i], static_cast<int>(i) + 1});
  return TurnsFromLines(lines, interviewers);
}

std::string Describe(const std::vector<Turn>& turns) {
  std::string out;
  for (const Turn& t : turns) {
    out += std::to_string(t.number) + "|" + t.speaker + (t.is_interviewer ? "*" : "") + "|" + t.text;
    if (t.start_ms) out += "@" + std::to_string(*t.start_ms);
    out += "\n";
  }
  return out;
}

struct Case {
  const char* name;
  std::string input, expected;  // expected: number|speaker(*=interviewer)|text[@ms] per turn
};

TEST(TurnsFromLines, SpeakerConventions) {
  const Case cases[] = {
      {"I/R", "I: Hoe gaat het?\nR: Goed.\nI: En verder?\n", "1|I*|Hoe gaat het?\n2|R|Goed.\n3|I*|En verder?\n"},
      {"numbered respondents", "Moderator: Vraag.\nR1: Ja.\nR3: Nee.\nR1: Toch wel.\n",
       "1|Moderator*|Vraag.\n2|R1|Ja.\n3|R3|Nee.\n4|R1|Toch wel.\n"},
      {"focus group", "Gespreksleider: Welkom.\nDeelnemer 2: Dank je.\n", "1|Gespreksleider*|Welkom.\n2|Deelnemer 2|Dank je.\n"},
      {"full names", "Marieke de Vries: Vertel.\nJan Bos: Nou ja.\n", "1|Marieke de Vries|Vertel.\n2|Jan Bos|Nou ja.\n"},
      {"continuation lines", "R: Eerste regel.\nTweede regel.\n\nDerde.\nI: Ok.\n",
       "1|R|Eerste regel.\nTweede regel.\nDerde.\n2|I*|Ok.\n"},
      {"same speaker twice is one turn", "R: A.\nR: B.\n", "1|R|A.\nB.\n"},
      {"text before the first label", "Transcript Zwolle\n12 maart\nI: Start.\n",
       "1||Transcript Zwolle\n12 maart\n2|I*|Start.\n"},
      {"timestamps before labels", "[00:01:23] I: Vraag.\n(00:01:30) R: Antwoord.\n00:02:00 I: Nog een.\n",
       "1|I*|Vraag.@83000\n2|R|Antwoord.@90000\n3|I*|Nog een.@120000\n"},
      {"f4 marks anywhere", "I: Hoe? #00:01:12-4#\nR: Zo dus. #00:01:31-0# En zo.\n",
       "1|I*|Hoe?@72400\n2|R|Zo dus. En zo.@91000\n"},
      {"a colon in a sentence is no label", "R: Kijk.\nKortom: het werkt.\nDatum: 12 maart\n",
       "1|R|Kijk.\nKortom: het werkt.\nDatum: 12 maart\n"},
      {"recurring unknown label", "Petra: Ja.\nKees: Nee.\nPetra: Toch.\n", "1|Petra|Ja.\n2|Kees|Nee.\n3|Petra|Toch.\n"},
      {"label alone on its line", "Interviewer:\nHoe gaat het?\nRespondent:\nGoed.\n",
       "1|Interviewer*|Hoe gaat het?\n2|Respondent|Goed.\n"},
      {"Teams docx speaker lines", "Sanne Bakker   0:03\nWelkom allemaal.\nPetra Jansen   1:02:07\nDank je.\n",
       "1|Sanne Bakker|Welkom allemaal.@3000\n2|Petra Jansen|Dank je.@3727000\n"},
      {"Zoom text export", "[Sanne Bakker] 10:02:13\nWelkom.\n[Petra Jansen] 10:02:20\nHoi.\n",
       "1|Sanne Bakker|Welkom.@36133000\n2|Petra Jansen|Hoi.@36140000\n"},
      {"a time in a sentence stays", "R: We begonnen.\n12:30 uur was het klaar.\n", "1|R|We begonnen.\n12:30 uur was het klaar.\n"},
      {"timestamp line then label", "00:00:00\nSpreker 1: Hallo.\n", "1|Spreker 1|Hallo.@0\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(Describe(FromText(c.input)), c.expected) << c.name;
}

// Labels of real exports beyond "Name:" (issue 17), and the guard that keeps notes and header words out.
TEST(TurnsFromLines, LiberalSpeakerLabels) {
  const Case cases[] = {
      {"bracketed labels without a colon; notes in brackets stay text",
       "[Interviewer] Hoe gaat het?\n[Petra Jansen] Goed.\n[lacht] Echt waar.\n[Inaudible] en toen\n",
       "1|Interviewer*|Hoe gaat het?\n2|Petra Jansen|Goed.\n[lacht] Echt waar.\n[Inaudible] en toen\n"},
      {"bracketed speaker ids", "[id1] Welkom.\n[id2] Dank je.\n[id1] Eerste vraag.\n",
       "1|id1|Welkom.\n2|id2|Dank je.\n3|id1|Eerste vraag.\n"},
      {"a note that recurs is no speaker", "R: Ja.\n[lacht] Echt.\n[lacht] Zeker.\n", "1|R|Ja.\n[lacht] Echt.\n[lacht] Zeker.\n"},
      {"a capitalised note that recurs is no speaker", "R: Ja.\n[Knikt] Klopt.\n[Knikt] Precies.\n[Kind huilt] Sorry.\n",
       "1|R|Ja.\n[Knikt] Klopt.\n[Knikt] Precies.\n[Kind huilt] Sorry.\n"},
      {"a capitalised note among bracketed first names",
       "[Petra] Ja.\n[Kees] Nee.\n[Petra] Toch.\n[Muziek] en dan verder\n",
       "1|Petra|Ja.\n2|Kees|Nee.\n3|Petra|Toch.\n[Muziek] en dan verder\n"},
      {"ALL-CAPS labels", "SOLOMON: Ik was er.\nMARIA: Ik ook.\nSOLOMON: Toen niet.\nKEES: Ik wel.\nLET OP: niet verder vertellen.\n",
       "1|SOLOMON|Ik was er.\n2|MARIA|Ik ook.\n3|SOLOMON|Toen niet.\n4|KEES|Ik wel.\nLET OP: niet verder vertellen.\n"},
      {"party or role in parentheses", "Jansen (GGD): Ja.\nPetra (moeder): Nee.\nDatum (ongeveer): maart\n",
       "1|Jansen (GGD)|Ja.\n2|Petra (moeder)|Nee.\nDatum (ongeveer): maart\n"},
      {"long parentheses, with a comma", "Jansen (wethouder, Zwolle): Ja.\nVerloskundige (praktijk De Ooievaar in Lelystad en omstreken): Nee.\n",
       "1|Jansen (wethouder, Zwolle)|Ja.\n2|Verloskundige (praktijk De Ooievaar in Lelystad en omstreken)|Nee.\n"},
      {"titles", "Mevr. Bakker: Vraag.\ndhr. Öztürk: Antwoord.\nProf. dr. De Wit: Aanvulling.\n",
       "1|Mevr. Bakker|Vraag.\n2|dhr. Öztürk|Antwoord.\n3|Prof. dr. De Wit|Aanvulling.\n"},
      {"noScribe time after the label", "S01: [00:01:02] Vraag.\nS02: [00:01:05] Antwoord.\n",
       "1|S01|Vraag.@62000\n2|S02|Antwoord.@65000\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(Describe(FromText(c.input)), c.expected) << c.name;
}

// The roles of the field are speakers even when they speak once; a one-word name that speaks once stays text (it
// could be "Kortom:"), and the reader says so at its line.
TEST(TurnsFromLines, RolesThatSpeakOnceAndUnsureLabels) {
  EXPECT_EQ(Describe(FromText("Interviewer: Wie betaalt?\nWethouder: De gemeente.\nVerloskundige 2: Nee.\n")),
            "1|Interviewer*|Wie betaalt?\n2|Wethouder|De gemeente.\n3|Verloskundige 2|Nee.\n");
  std::vector<std::string> storage = {"Interviewer: Wie betaalt?", "Moeder: Niemand.", "Jansen: De gemeente.",
                                      "Kortom: niemand."};
  std::vector<SourceLine> lines;
  for (size_t i = 0; i < storage.size(); ++i) lines.push_back({storage[i], static_cast<int>(i) + 1});
  std::vector<Diagnostic> warnings;
  EXPECT_EQ(Describe(TurnsFromLines(lines, InterviewerLabels(), &warnings)),
            "1|Interviewer*|Wie betaalt?\n2|Moeder|Niemand.\nJansen: De gemeente.\nKortom: niemand.\n");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].where.line, 3);
  EXPECT_THAT(warnings[0].message, testing::HasSubstr("\"Jansen:\" opens this line only once"));
  warnings.clear();
  TurnsFromLines({{storage[2], 1}}, InterviewerLabels(), &warnings);  // no labelled speakers: plain text
  EXPECT_TRUE(warnings.empty());
}

TEST(TurnsFromLines, InterviewerLabelsFromCorpusAndManifest) {
  InterviewerLabels labels;
  labels.Add("Begeleider");
  labels.Add("Sanne Bakker");
  EXPECT_EQ(Describe(FromText("begeleider: Vraag.\nSanne Bakker: Nog een.\nR2: Ja.\n", labels)),
            "1|begeleider*|Vraag.\n2|Sanne Bakker*|Nog een.\n3|R2|Ja.\n");
  EXPECT_TRUE(labels.Contains("INTERVIEWER 2"));
  EXPECT_TRUE(labels.Contains("I2"));
  EXPECT_FALSE(labels.Contains("R2"));
}

TEST(TurnsFromCues, MergesConsecutiveCuesOfOneSpeaker) {
  std::vector<Cue> cues = {
      {std::string("Jansen, Petra"), "Nou, de samenwerking", 1000, 2000, 3},
      {std::string("Jansen, Petra"), "loopt goed.", 2000, 3000, 7},
      {std::nullopt, "Sanne Bakker: Fijn.", 3000, 4000, 11},
      {std::nullopt, "En verder?", 4000, 5000, 15},
  };
  std::vector<Turn> turns = TurnsFromCues(cues, InterviewerLabels());
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].speaker, "Jansen, Petra");
  EXPECT_EQ(turns[0].text, "Nou, de samenwerking loopt goed.");
  EXPECT_EQ(*turns[0].start_ms, 1000);
  EXPECT_EQ(*turns[0].end_ms, 3000);
  EXPECT_EQ(turns[1].speaker, "Sanne Bakker");
  EXPECT_EQ(turns[1].text, "Fijn. En verder?");
  EXPECT_EQ(*turns[1].end_ms, 5000);
}

// A label alone on its line opens a turn only when the document gives reason to think it is one; headings,
// short answers and header words on a line of their own stay text.
TEST(TurnsFromLines, LabelsAloneOnTheirLine) {
  const Case cases[] = {
      {"names that recur alone", "Marieke de Vries\nHoe ging het?\nPetra\nGoed.\nMarieke de Vries\nFijn.\nPetra\nJa.\n",
       "1|Marieke de Vries|Hoe ging het?\n2|Petra|Goed.\n3|Marieke de Vries|Fijn.\n4|Petra|Ja.\n"},
      {"a name with a time after one space", "Jan de Vries 00:01:02\nHallo.\nInterviewer\nWelkom.\n",
       "1|Jan de Vries|Hallo.@62000\n2|Interviewer*|Welkom.\n"},
      {"known labels need no recurrence", "Interviewer\nWat doet u?\nRespondent\nIk ben verloskundige.\n",
       "1|Interviewer*|Wat doet u?\n2|Respondent|Ik ben verloskundige.\n"},
      {"a heading once, a name once", "Inleiding\nR: Het begon in 2019.\nJan de Vries\nR: Dat klopt.\n",
       "1||Inleiding\n2|R|Het begon in 2019.\nJan de Vries\nDat klopt.\n"},
      {"short answers recur but are no speakers", "I: Klopt dat?\nJa\nI: En dit?\nJa\nNee\nNee\n",
       "1|I*|Klopt dat?\nJa\nEn dit?\nJa\nNee\nNee\n"},
      {"header words recur but are no speakers", "Datum\n12 maart\nR: Ja.\nDatum\n13 maart\n",
       "1||Datum\n12 maart\n2|R|Ja.\nDatum\n13 maart\n"},
      {"a sentence without a full stop", "R: Goed\nDat vind ik wel\nDat vind ik wel\n",
       "1|R|Goed\nDat vind ik wel\nDat vind ik wel\n"},
      {"noScribe overlap inside a turn", "S01: Toen kwam de wijkverpleging //S02: ja precies // erbij.\nS02: Ja.\n",
       "1|S01|Toen kwam de wijkverpleging //S02: ja precies // erbij.\n2|S02|Ja.\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(Describe(FromText(c.input)), c.expected) << c.name;
}

// In Word, a bold paragraph alone may be a label even once: a name of two words, or a first name where other
// first names recur; a bold heading of one word, or a role that recurs, does not make "Afsluiting" a speaker.
TEST(TurnsFromLines, BoldParagraphsAsLabels) {
  std::vector<SourceLine> lines = {{"Anouk Visser", 1, true}, {"Goedemorgen.", 2},     {"Kees", 3, true},
                                   {"Hallo.", 4},             {"Petra", 5, true},      {"Dag.", 6},
                                   {"Kees", 7, true},         {"Zullen we?", 8},       {"Afsluiting", 9, true},
                                   {"Interviewer", 10, true}, {"Dank jullie.", 11},    {"Interviewer", 12, true},
                                   {"Tot ziens.", 13}};
  EXPECT_EQ(Describe(TurnsFromLines(lines, InterviewerLabels())),
            "1|Anouk Visser|Goedemorgen.\n2|Kees|Hallo.\n3|Petra|Dag.\n4|Kees|Zullen we?\nAfsluiting\n"
            "5|Interviewer*|Dank jullie.\nTot ziens.\n");
}

TEST(ParseClock, AcceptsTranscriptTimeFormats) {
  EXPECT_EQ(ParseClock("[00:01:23]"), 83000);
  EXPECT_EQ(ParseClock("1:02:03,250"), 3723250);
  EXPECT_EQ(ParseClock("01:23"), 83000);
  EXPECT_EQ(ParseClock("00:01:23.5"), 83500);
  EXPECT_EQ(ParseClock("00:61:00"), std::nullopt);
  EXPECT_EQ(ParseClock("ja"), std::nullopt);
}

}  // namespace
}  // namespace kansrijk
