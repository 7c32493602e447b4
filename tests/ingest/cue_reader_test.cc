// Liberal WebVTT and SRT reading (issue 17): every word kept, in file order, in the right turn; what was odd is a
// warning at its line. Fixtures are in tests/data/formats (see PROVENANCE.md there).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "ingest/read_transcript.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::SourceDir;
using testing::TempDir;

std::vector<std::string> Texts(const Transcript& t) {
  std::vector<std::string> out;
  for (const Turn& turn : t.turns) out.push_back(turn.speaker + "|" + turn.text);
  return out;
}

std::vector<std::string> Warnings(const Transcript& t) {
  std::vector<std::string> out;
  for (const Diagnostic& warning : t.warnings) out.push_back(warning.ToString());
  return out;
}

Transcript Fixture(const std::string& name) {
  return ReadTranscript(SourceDir() / "tests/data/formats" / name, name, InterviewerLabels());
}

Transcript Inline(const std::string& name, const std::string& bytes) {
  TempDir dir;
  return ReadTranscript(dir.Write(name, bytes), name, InterviewerLabels());
}

// Teams: UUID cue ids, "Surname, First" names with a party in parentheses, a <v> without </v>, an overlapping cue
// and one written out of order. Turns follow the file: 5, where sorting by start time would merge two of them.
TEST(CueReader, TeamsOverlapAndOutOfOrderKeepFileOrder) {
  Transcript t = Fixture("teams-overlap.vtt");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Bakker, Sanne|Welkom allemaal. Zullen we beginnen met een\nrondje over de wijkteams?",
                          "Visser, Anouk (GGD)|Ja, dat is goed. Bij ons & de verloskundigen",
                          "Bakker, Sanne|Mm-hm.",
                          "Visser, Anouk (GGD)|loopt de overdracht nu via het MDO.",
                          "Bakker, Sanne|Precies."}));
  EXPECT_EQ(Warnings(t),
            (std::vector<std::string>{
                "teams-overlap.vtt:13: cue starts at 00:00:11.002, before the cue above it ends (00:00:15.055); turns "
                "are kept in file order",
                "teams-overlap.vtt:23: cue starts at 00:00:10.500, before the cue above it (00:00:15.055); turns are "
                "kept in file order"}));
  EXPECT_EQ(*t.turns[4].start_ms, 10500);
  EXPECT_EQ(t.turns[4].line, 23);
}

// A title after WEBVTT and header lines, numeric ids, times without hours or zero padding, a comma before the
// milliseconds: all read without a warning. 4 turns (Karim's two cues are one turn).
TEST(CueReader, ZoomTitleAndLooseTimes) {
  Transcript t = Fixture("zoom-title.vtt");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Sanne Bakker|Goedemorgen, kunnen jullie mij horen?",
                          "Karim Ouali|Ja, prima. Ik werk als jeugdverpleegkundige in Almere Haven.",
                          "Sanne Bakker|Dank je. We gaan verder na de pauze.", "Karim Ouali|Tot straks."}));
  EXPECT_EQ(Warnings(t), std::vector<std::string>{});
  std::vector<int64_t> starts, ends;
  for (const Turn& turn : t.turns) {
    starts.push_back(*turn.start_ms);
    ends.push_back(*turn.end_ms);
  }
  EXPECT_EQ(starts, (std::vector<int64_t>{1500, 5100, 742380, 3723004}));
  EXPECT_EQ(ends, (std::vector<int64_t>{4250, 14900, 745100, 3726500}));
}

// STYLE and REGION blocks skipped; voice tags in capitals, with spaces, a class, a name in parentheses or
// "Surname, First", two voices in one cue. A "<v>" without a name and a "<v Name" without '>' start a turn of an
// unknown speaker, unless the words start with a voice named elsewhere in the file. 7 turns.
TEST(CueReader, VoiceTagsWellAndBadlyFormed) {
  Transcript t = Fixture("voices.vtt");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"Interviewer|Hoe kwam u bij Kansrijke Start terecht?",
                                                "de Graaf (wijkteam)|Via de gemeente. Echt waar.",
                                                "|En ik was er ook bij.",
                                                "Interviewer|Wat deed u daar precies?",
                                                "Yilmaz, Fatma|Ik coördineer het MDO.",
                                                "Interviewer|Dank u.",
                                                "|Fatma Yilmaz Graag gedaan."}));
  EXPECT_EQ(Warnings(t),
            (std::vector<std::string>{
                "voices.vtt:19: voice tag '<v>' names no speaker: its words are kept in a turn of an unknown speaker",
                "voices.vtt:23: voice tag '<v Interviewer Wat deed u daar precies?' is not closed with '>': read as "
                "speaker 'Interviewer'",
                "voices.vtt:31: voice tag '<v Fatma Yilmaz Graag gedaan.' is not closed with '>': its words are kept "
                "in a turn of an unknown speaker"}));
  EXPECT_TRUE(t.turns[3].is_interviewer);
}

// Zoom-style "Name: " prefixes written "Surname, First" or with a role in parentheses, each speaking once: 3 turns.
TEST(CueReader, NamePrefixesWithCommaAndParentheses) {
  Transcript t = Inline("zoom.vtt",
                        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nJansen, Petra (GGD): Welkom.\n\n"
                        "2\n00:00:02.000 --> 00:00:03.000\nKarim (vader): Dank je.\n\n"
                        "3\n00:00:03.000 --> 00:00:04.000\nBakker, Sanne: Zullen we?\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"Jansen, Petra (GGD)|Welkom.", "Karim (vader)|Dank je.",
                                                "Bakker, Sanne|Zullen we?"}));
  EXPECT_EQ(Warnings(t), std::vector<std::string>{});
}

// WhisperX/pyannote labels name the speakers, bracketed or not; a BOM before the first cue number. 3 turns.
TEST(CueReader, WhisperXSpeakerLabels) {
  Transcript t = Fixture("whisperx.srt");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "SPEAKER_00|Goedemiddag, fijn dat u wilde meedoen aan dit gesprek.",
                          "SPEAKER_01|Graag gedaan. Ik ben kraamverzorgende in Den Helder. Al twaalf jaar inmiddels.",
                          "SPEAKER_00|En wat valt u op bij gezinnen in armoede?"}));
  EXPECT_EQ(Warnings(t), std::vector<std::string>{});
  // Unbracketed, each label once: still speakers, as numbered speaker labels are.
  Transcript once = Inline("once.srt",
                           "1\n00:00:01,000 --> 00:00:02,000\nSPEAKER_00: Hoe gaat het?\n\n"
                           "2\n00:00:02,000 --> 00:00:03,000\nSPEAKER_01: Goed.\n");
  EXPECT_EQ(Texts(once), (std::vector<std::string>{"SPEAKER_00|Hoe gaat het?", "SPEAKER_01|Goed."}));
}

// A hand-edited SRT: a blank line inside a cue, a missing and repeated cue number, loose times, unreadable,
// backwards and negative times. Every cue keeps its words; 5 turns.
TEST(CueReader, HandEditedSrtKeepsEveryWord) {
  Transcript t = Fixture("handmade.srt");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Interviewer|Wat is voor u de kern van Kansrijke Start?",
                          "Respondent|Dat je vroeg bij gezinnen bent.\nEn dat je niet wacht tot het misgaat. Daar gaat "
                          "het om.",
                          "Interviewer|En lukt dat?",
                          "Respondent|Soms. Als de verloskundige meedoet wel. Maar de wachtlijsten zijn lang.",
                          "Interviewer|Dank u wel."}));
  EXPECT_EQ(Warnings(t),
            (std::vector<std::string>{
                "handmade.srt:9: text after a blank line inside a cue: kept with the cue above it",
                "handmade.srt:11: cue number 4 follows cue number 2; cues are kept in file order",
                "handmade.srt:15: cue number 4 follows cue number 4; cues are kept in file order",
                "handmade.srt:19: malformed cue timing line '00:00:15,000 --> 00:00:1x,000': the cue is kept without "
                "a time",
                "handmade.srt:19: 1 cue(s) have no number before their timing line; the first is here",
                "handmade.srt:22: cue number 6 follows cue number 4; cues are kept in file order",
                "handmade.srt:23: cue ends before it starts: '00:00:20,000 --> 00:00:18,000'; its end time is left out",
                "handmade.srt:27: negative cue time in '-00:00:01,000 --> 00:00:22,000': the cue is kept without a time"}));
  EXPECT_EQ(*t.turns[2].start_ms, 12500);
  EXPECT_EQ(*t.turns[2].end_ms, 15000);
  EXPECT_FALSE(t.turns[4].start_ms.has_value());
}

// Times that were errors before are warnings now; the cue keeps its words. A .vtt without WEBVTT and a .srt
// without any timing line are still refused: nothing in them can be read as cues.
TEST(CueReader, BadTimesAreWarningsNotErrors) {
  Transcript vtt = Inline("timing.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:0x:02.000\nHallo\n");
  EXPECT_EQ(Texts(vtt), (std::vector<std::string>{"|Hallo"}));
  EXPECT_EQ(Warnings(vtt), (std::vector<std::string>{"timing.vtt:4: malformed cue timing line '00:00:01.000 --> "
                                                     "00:0x:02.000': the cue is kept without a time"}));
  Transcript srt = Inline("broken.srt", "1\n00:00:01,000 --> 00:00:02,000\nHallo\n\n2\n00:00:03,000 -> 00:00:04,000\nDag\n");
  EXPECT_EQ(Texts(srt), (std::vector<std::string>{"|Hallo Dag"}));
  EXPECT_EQ(Warnings(srt), (std::vector<std::string>{"broken.srt:6: malformed cue timing line '00:00:03,000 -> "
                                                     "00:00:04,000': read as 00:00:03.000 --> 00:00:04.000"}));
  EXPECT_EQ(*srt.turns[0].end_ms, 4000);
  // Override codes of subtitle editors are dropped, so the label behind them is read.
  Transcript ssa = Inline("ssa.srt", "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Interviewer: Hoe {\\i1}gaat{\\i0} het?\n");
  EXPECT_EQ(Texts(ssa), (std::vector<std::string>{"Interviewer|Hoe gaat het?"}));
  // A number too long to be a cue number is text.
  Transcript big = Inline("big.srt", "1\n00:00:01,000 --> 00:00:02,000\nR: Ja.\n\n123456789012345678901234\n"
                                     "00:00:02,000 --> 00:00:03,000\nR: Nee.\n");
  EXPECT_EQ(Texts(big), (std::vector<std::string>{"R|Ja.\n123456789012345678901234 Nee."}));
  // A sentence with an arrow is text, not a timing line.
  Transcript arrow = Inline("arrow.srt", "1\n00:00:01,000 --> 00:00:02,000\nR: van thuis --> naar school\n");
  EXPECT_EQ(Texts(arrow), (std::vector<std::string>{"R|van thuis --> naar school"}));

  TempDir dir;
  auto error_of = [&](const std::string& name, const std::string& bytes) -> std::string {
    try {
      ReadTranscript(dir.Write(name, bytes), name, InterviewerLabels());
    } catch (const Error& error) {
      return error.what();
    }
    return "(no error)";
  };
  EXPECT_THAT(error_of("nohead.vtt", "00:00:01.000 --> 00:00:02.000\nHallo\n"), HasSubstr("nohead.vtt:1: not a WebVTT file"));
  EXPECT_THAT(error_of("plain.srt", "Hallo\n\nDag\n"), HasSubstr("plain.srt:1: not an SRT file: no cue timing line found"));
}

// WebVTT without a blank line after the header, a cue split by a blank line, text before the first cue.
TEST(CueReader, WebVttBlocksOutOfShape) {
  Transcript t = Inline("loose.vtt",
                        "WEBVTT\n00:00:01.000 --> 00:00:02.000\nR: Eerste zin.\n\nnog een stuk\n\n"
                        "00:00:03.000 --> 00:00:04.000\nI: Vraag.\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"R|Eerste zin.\nnog een stuk", "I|Vraag."}));
  EXPECT_EQ(Warnings(t),
            (std::vector<std::string>{"loose.vtt:5: text after a blank line inside a cue: kept with the cue above it"}));
  Transcript preamble = Inline("preamble.srt", "Interview Emmen\n\n1\n00:00:01,000 --> 00:00:02,000\nR: Ja.\n");
  EXPECT_EQ(Texts(preamble), (std::vector<std::string>{"|Interview Emmen", "R|Ja."}));
  EXPECT_EQ(Warnings(preamble), (std::vector<std::string>{
                                    "preamble.srt:1: text before the first cue timing line: kept as a cue without a time"}));
}

}  // namespace
}  // namespace kansrijk
