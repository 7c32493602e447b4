#include "ingest/read_transcript.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::Docx;
using testing::TempDir;

std::vector<std::string> Texts(const Transcript& t) {
  std::vector<std::string> out;
  for (const Turn& turn : t.turns) out.push_back(turn.speaker + "|" + turn.text);
  return out;
}

Transcript Read(const TempDir& dir, const std::string& name, const std::string& bytes,
                InterviewerLabels labels = InterviewerLabels()) {
  return ReadTranscript(dir.Write(name, bytes), name, labels);
}

std::string ErrorOf(const TempDir& dir, const std::string& name, const std::string& bytes, TranscriptLimits limits = {}) {
  try {
    ReadTranscript(dir.Write(name, bytes), name, InterviewerLabels(), limits);
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ReadTranscript, TeamsWebVtt) {
  TempDir dir;
  Transcript t = Read(dir, "teams.vtt",
                      "WEBVTT\n\n"
                      "3f1c2a9e-1b7d/12-0\n00:00:03.833 --> 00:00:10.338\n<v Jansen, Petra>Nou, de samenwerking met de "
                      "verloskundige\nloopt eigenlijk wel goed.</v>\n\n"
                      "3f1c2a9e-1b7d/12-1\n00:00:10.338 --> 00:00:12.000\n<v Jansen, Petra>Echt &amp; zeker.\n\n"
                      "NOTE dit is een notitie\n\n"
                      "3f1c2a9e-1b7d/13-0\n00:00:12.500 --> 00:00:14.000 align:right\n<v.loud Sanne Bakker>Mooi.</v>\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Jansen, Petra|Nou, de samenwerking met de verloskundige\nloopt eigenlijk wel goed. Echt & zeker.",
                          "Sanne Bakker|Mooi."}));
  EXPECT_EQ(*t.turns[0].start_ms, 3833);
  EXPECT_EQ(*t.turns[0].end_ms, 12000);
  EXPECT_EQ(t.format, "vtt");
}

TEST(ReadTranscript, ZoomWebVttWithNamePrefixes) {
  TempDir dir;
  Transcript t = Read(dir, "zoom.vtt",
                      "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nSanne Bakker: Welkom.\n\n"
                      "2\n00:00:02.000 --> 00:00:04.000\nPetra Jansen: Dank je.\n\n"
                      "3\n00:00:04.000 --> 00:00:05.000\nIk begin maar.\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"Sanne Bakker|Welkom.", "Petra Jansen|Dank je. Ik begin maar."}));
}

TEST(ReadTranscript, SrtWithCrlfAndSpeakerPrefixes) {
  TempDir dir;
  Transcript t = Read(dir, "x.srt",
                      "1\r\n00:02:17,440 --> 00:02:20,375\r\nInterviewer: Hoe <i>gaat</i> het?\r\n\r\n"
                      "2\r\n00:02:21,000 --> 00:02:25,000\r\nSPREKER 1: Goed, maar\r\nweinig geld.\r\n\r\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"Interviewer|Hoe gaat het?", "SPREKER 1|Goed, maar\nweinig geld."}));
  EXPECT_TRUE(t.turns[0].is_interviewer);
  EXPECT_EQ(*t.turns[1].start_ms, 141000);
}

// Subtitles without names: a dialogue dash marks each change of speaker, inside a cue or at its start. A dash
// in the middle of a line, or a double dash, is text.
TEST(ReadTranscript, SrtWithoutNamesSplitsAtDialogueDashes) {
  TempDir dir;
  Transcript t = Read(dir, "x.srt",
                      "1\n00:00:01,000 --> 00:00:03,000\n- Hoe gaat het\nmet de coalitie?\n- Goed - echt.\n\n"
                      "2\n00:00:03,000 --> 00:00:05,000\nAlleen het geld\nis op.\n\n"
                      "3\n00:00:06,000 --> 00:00:08,000\n\u2013 En nu?\n-- stilte --\n\n");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"|Hoe gaat het\nmet de coalitie?", "|Goed - echt. Alleen het geld\nis op.",
                                                "|En nu?\n-- stilte --"}));
  EXPECT_EQ(*t.turns[2].start_ms, 6000);
  // Where cues name their speakers, a dash line stays with the named speaker.
  Transcript named = Read(dir, "y.srt",
                          "1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Hoe gaat het?\n\n"
                          "2\n00:00:02,000 --> 00:00:03,000\n- Goed, zei ik.\n\n");
  EXPECT_EQ(Texts(named), (std::vector<std::string>{"Interviewer|Hoe gaat het? - Goed, zei ik."}));
}

// noScribe's text export: "S01: [00:00:07] text", paragraphs between turns; a header line and a "Kortom:" line
// are no speakers. 5 turns: the title, then S01, S02, S01, S02.
TEST(ReadTranscript, NoScribeText) {
  Transcript t = ReadTranscript(testing::SourceDir() / "tests/data/formats/noscribe.txt", "noscribe.txt", InterviewerLabels());
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "|Interview Emmen wijkteam",
                          "S01|Goed, dan begin ik de opname. Kun je iets over jezelf vertellen?",
                          "S02|Ja. Ik werk sinds 2019 in het wijkteam, vooral met jonge gezinnen. (..) Eh, daarvoor zat ik "
                          "bij de kraamzorg.",
                          "S01|En hoe kwam je bij Kansrijke Start?",
                          "S02|Via mijn teamleider. [lacht] Die zei: dit is echt iets voor jou.\nKortom: ik ben er een "
                          "beetje ingerold."}));
  std::vector<int64_t> starts;
  for (size_t i = 1; i < t.turns.size(); ++i) starts.push_back(*t.turns[i].start_ms);
  EXPECT_EQ(starts, (std::vector<int64_t>{0, 7000, 21000, 25000}));
}

// Minutes of a hearing: titles, parties in parentheses, a chair; "Datum:" and "Let op:" stay text. 7 turns.
TEST(ReadTranscript, HearingWithTitlesAndParties) {
  Transcript t =
      ReadTranscript(testing::SourceDir() / "tests/data/formats/rondetafel.txt", "rondetafel.txt", InterviewerLabels());
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "|Rondetafelgesprek Kansrijke Start\nDatum: 14 maart 2022",
                          "De voorzitter|Ik open de vergadering. Het woord is aan mevrouw Kuiken.",
                          "Mevrouw Kuiken (PvdA)|Dank u, voorzitter. Hoeveel gemeenten doen inmiddels mee?",
                          "dr. Jansen|Bijna allemaal. Maar de uitvoering verschilt sterk.",
                          "De heer Van der Staaij (SGP)|Kunt u dat toelichten?",
                          "dr. Jansen|Zeker. In kleine gemeenten ontbreekt vaak een coördinator.\nLet op: dat is geen "
                          "kritiek op die gemeenten.",
                          "De voorzitter|Dank u wel."}));
}

TEST(ReadTranscript, DocxRunsTabsBreaksAndDeletions) {
  TempDir dir;
  Transcript t = Read(
      dir, "x.docx",
      Docx("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:tab/><w:t>Hoe gaat de </w:t></w:r>"
           "<w:r><w:t>samen</w:t></w:r><w:r><w:t xml:space=\"preserve\">werking?</w:t></w:r></w:p>"
           "<w:p><w:r><w:t>R: Goed</w:t></w:r><w:del><w:r><w:delText>NIET</w:delText></w:r></w:del>"
           "<w:r><w:t>, alleen de </w:t><w:br/><w:t>co\u00ADordinatie en jeugd</w:t><w:noBreakHyphen/>"
           "<w:t>zorg.</w:t></w:r></w:p>"
           "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>R: Uit een tabel.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Interviewer|Hoe gaat de samenwerking?",
                          "R|Goed, alleen de\nco\u00ADordinatie en jeugd-zorg.\nUit een tabel."}));
  EXPECT_EQ(t.turns[1].line, 2);  // paragraph number
}

TEST(ReadTranscript, DocxTeamsInlineLayout) {
  TempDir dir;
  Transcript t = Read(dir, "teams.docx",
                      Docx("<w:p><w:r><w:t>Overleg-20210615-Meeting Transcript</w:t></w:r></w:p>"
                           "<w:p><w:r><w:t>Sanne Bakker   0:03</w:t><w:br/><w:t>Welkom.</w:t></w:r></w:p>"
                           "<w:p><w:r><w:t>Petra Jansen   0:09</w:t><w:br/><w:t>Dank je.</w:t></w:r></w:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"|Overleg-20210615-Meeting Transcript", "Sanne Bakker|Welkom.",
                                                "Petra Jansen|Dank je."}));
}

TEST(ReadTranscript, EncodingsGiveTheSameTurns) {
  TempDir dir;
  const std::string text = "I: Hoe gaat het met de co\u00F6rdinatie?\r\nR: \u201CGoed\u201D, zei ze.\r\n";
  std::vector<std::string> expected = {"I|Hoe gaat het met de co\u00F6rdinatie?", "R|\u201CGoed\u201D, zei ze."};
  EXPECT_EQ(Texts(Read(dir, "a.txt", text)), expected);
  EXPECT_EQ(Texts(Read(dir, "b.txt", "\xEF\xBB\xBF" + text)), expected);
  EXPECT_EQ(Texts(Read(dir, "c.txt", testing::Utf16(text, true))), expected);
  EXPECT_EQ(Texts(Read(dir, "d.md", testing::Utf16(text, false))), expected);
}

TEST(ReadTranscript, WarningsNameTheFile) {
  TempDir dir;
  Transcript t = Read(dir, "2021/a.txt", "R: ja\x07 goed\n");
  ASSERT_EQ(t.warnings.size(), 1u);
  EXPECT_EQ(t.warnings[0].where.file, "2021/a.txt");
  EXPECT_EQ(t.warnings[0].ToString(), "2021/a.txt: removed 1 control characters from the text");
}

// The bytes ingest fingerprints are the bytes it parses: ParseTranscript of them equals ReadTranscript.
TEST(ReadTranscript, ParsesTheBytesItWasGiven) {
  TempDir dir;
  std::filesystem::path file = dir.Write("a.docx", Docx("<w:p><w:r><w:t>R: hallo</w:t></w:r></w:p>"));
  std::string bytes = ReadTranscriptBytes(file, "a.docx");
  EXPECT_EQ(Texts(ParseTranscript(bytes, file, "a.docx", InterviewerLabels())),
            Texts(ReadTranscript(file, "a.docx", InterviewerLabels())));
  EXPECT_THAT(ErrorOf(dir, "huge.txt", "R: hallo\n", TranscriptLimits{.max_file_bytes = 4}),
              HasSubstr("huge.txt: the file is 0 MB, over the limit of 0 MB for one transcript"));
}

TEST(ReadTranscript, BadInputsNameTheFileAndTheProblem) {
  TempDir dir;
  EXPECT_THAT(ErrorOf(dir, "empty.txt", ""), HasSubstr("empty.txt: the file is empty"));
  EXPECT_THAT(ErrorOf(dir, "blank.txt", "  \n\n"), HasSubstr("blank.txt: the file holds no transcript text"));
  EXPECT_THAT(ErrorOf(dir, "bin.txt", std::string("PK\x03\x04\x00\x00\x01", 7)), HasSubstr("bin.txt: this is a binary file"));
  EXPECT_THAT(ErrorOf(dir, "bad.txt", "R: \xC3\xA9\xE9n\n"), HasSubstr("bad.txt:1: invalid UTF-8"));
  EXPECT_THAT(ErrorOf(dir, "notzip.docx", "dit is geen zip"), HasSubstr("notzip.docx: not a valid .docx"));
  EXPECT_THAT(ErrorOf(dir, "noxml.docx", testing::Zip({{"hello.txt", "hoi"}})),
              HasSubstr("noxml.docx: not a Word document: word/document.xml is missing"));
  EXPECT_THAT(ErrorOf(dir, "badxml.docx", testing::Zip({{"word/document.xml", "<w:document><w:body>"}})),
              HasSubstr("badxml.docx: word/document.xml is not valid XML"));
  std::string bomb = testing::Zip({{"word/document.xml", "<w:document>" + std::string(3 << 20, ' ') + "</w:document>"}});
  EXPECT_THAT(ErrorOf(dir, "bomb.docx", bomb, TranscriptLimits{.max_document_xml_bytes = 1 << 20}),
              HasSubstr("bomb.docx: word/document.xml inflates to more than 1 MB"));
  EXPECT_THAT(ErrorOf(dir, "long.txt", "R: " + std::string(50u << 20, 'a') + "\n"),
              HasSubstr("long.txt:1: line is 51200 KB long"));
  EXPECT_THAT(ErrorOf(dir, "nohead.vtt", "00:00:01.000 --> 00:00:02.000\nHallo\n"),
              HasSubstr("nohead.vtt:1: not a WebVTT file"));
  // Malformed cue times are warnings now (tests/ingest/cue_reader_test.cc).
}

}  // namespace
}  // namespace kansrijk
