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
      Docx("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r>"
           "<w:r><w:tab/><w:t xml:space=\"preserve\">Hoe gaat de </w:t></w:r>"
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

// Otter's text export: a "Name  0:03" line, the text below it, a blank line. 9 turns counted by hand.
TEST(ReadTranscript, OtterLabelLines) {
  Transcript t = ReadTranscript(testing::SourceDir() / "tests/data/formats/otter.txt", "otter.txt", InterviewerLabels());
  ASSERT_EQ(t.turns.size(), 9u);
  EXPECT_EQ(Texts(t)[0], "Hurst, Peter|Goedemorgen. Fijn dat je mee wilt doen. Hoe lang werk je al als "
                         "wijkverpleegkundige?");
  EXPECT_EQ(Texts(t)[3], "Anouk Visser|Via de gemeente. Die zocht mensen voor het lokale\ncoalitieoverleg, en mijn "
                         "teamleider vroeg of ik wilde.");
  EXPECT_EQ(Texts(t)[5], "Anouk Visser|Vooral korte lijnen. Ik weet nu wie ik bij de verloskundige moet bellen.\n"
                         "Kortom: het scheelt veel tijd.");
  EXPECT_EQ(t.turns[4].start_ms, 41000);
  EXPECT_EQ(t.turns[8].start_ms, 68000);
}

// Labels alone on their line ("Spreker 1") with the text below, and overlaps written inside a turn
// ("//Spreker 1: oh, zo lang al //"), which stay in it. A lone "Ja" is an answer, not a speaker. 5 turns.
TEST(ReadTranscript, LabelsOnTheirOwnLineAndInlineOverlaps) {
  Transcript t =
      ReadTranscript(testing::SourceDir() / "tests/data/formats/labels-los.txt", "labels-los.txt", InterviewerLabels());
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "Spreker 1|Welkom bij dit gesprek. Wat doet u precies?",
                          "Spreker 2|Ik ben kraamverzorgende, al twaalf jaar.\n//Spreker 1: oh, zo lang al //\n"
                          "Ja, sinds 2010.",
                          "Spreker 1|Hoe merkt u iets van Kansrijke Start?",
                          "Spreker 2|Er is meer overleg. // Spreker 1: ja precies // Vooral met de verloskundigen.\nJa",
                          "Spreker 1|Dank u wel."}));
  EXPECT_EQ(t.turns[1].line, 4);
}

// A Word export with bold label paragraphs ("Interviewer", "Jan de Vries 00:01:02", the time in a run of its
// own) and the text in the paragraphs below; an overlap paragraph "//Interviewer: ja precies// ..." stays in
// Jan's turn, and a bold heading of one word ("Afsluiting") is no speaker. 6 turns counted by hand.
TEST(ReadTranscript, DocxBoldLabelParagraphs) {
  Transcript t = ReadTranscript(testing::SourceDir() / "tests/data/formats/word-labels.docx", "word-labels.docx",
                                InterviewerLabels());
  EXPECT_EQ(Texts(t), (std::vector<std::string>{
                          "|Interview Deventer, 3 mei 2022",
                          "Interviewer|Hoe begon het project in Deventer?",
                          "Jan de Vries|Met een subsidie van de provincie. Daarna kwam de gemeente erbij,\n"
                          "//Interviewer: ja precies// en toen ging het snel.",
                          "Interviewer|Wie deed er mee?",
                          "Jan de Vries|De verloskundigen, de jeugdgezondheidszorg en twee huisartsen.\nAfsluiting",
                          "Interviewer|Dank je wel voor je tijd."}));
  EXPECT_EQ(t.turns[2].start_ms, 62000);
  EXPECT_EQ(t.turns[4].start_ms, 135000);
  EXPECT_EQ(t.turns[2].line, 4);  // the label's paragraph
  EXPECT_TRUE(t.turns[1].is_interviewer);
}

// Word's rule for w:t: white space at its ends counts only with xml:space="preserve".
TEST(ReadTranscript, DocxWhiteSpaceOfTextElements) {
  TempDir dir;
  Transcript t = Read(dir, "ws.docx",
                      Docx("<w:p><w:r><w:t>R: Het </w:t></w:r><w:r><w:t> ging</w:t></w:r>"
                           "<w:r><w:t xml:space=\"preserve\"> wel </w:t></w:r><w:r><w:t>goed.</w:t></w:r></w:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"R|Hetging wel goed."}));
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
  // Nesting past kMaxXmlDepth is an error, not a stack overflow in the readers' recursion.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<w:sdt>";
  for (int i = 0; i < 100000; ++i) deep += "</w:sdt>";
  EXPECT_THAT(ErrorOf(dir, "deep.docx", Docx("<w:p><w:r><w:t>R: ja</w:t></w:r></w:p>" + deep)),
              HasSubstr("deep.docx: word/document.xml nests its elements more than 256 levels deep"));
  std::string odt = testing::Zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                  {"content.xml", "<office:document-content>" + deep}});
  EXPECT_THAT(ErrorOf(dir, "deep.odt", odt), HasSubstr("deep.odt: content.xml"));
  // A broken byte in an XML part is refused with its position (found by tests/fuzz/read_docx.cc and read_odt.cc,
  // and by the hostile-input tests).
  EXPECT_THAT(ErrorOf(dir, "utf8.docx",
                      Docx("<w:p><w:r><w:t>R: ja</w:t></w:r></w:p><w:p><w:r><w:t>R: \xE9\xE9n</w:t></w:r></w:p>")),
              HasSubstr("utf8.docx: word/document.xml is not valid UTF-8 (byte 0xE9 at byte 185)"));
  std::string bad_odt = testing::Zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                      {"content.xml",
                                       "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:"
                                       "office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                                       "<office:body><office:text><text:p>R: \xFF</text:p></office:text></office:body>"
                                       "</office:document-content>"}});
  EXPECT_THAT(ErrorOf(dir, "utf8.odt", bad_odt), HasSubstr("utf8.odt: content.xml is not valid UTF-8 (byte 0xFF at byte 186)"));
  // Malformed cue times are warnings now (tests/ingest/cue_reader_test.cc).
}

}  // namespace
}  // namespace kansrijk
