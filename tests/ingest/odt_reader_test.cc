// LibreOffice .odt transcripts: content.xml paragraphs become lines for the shared speaker-turn grammar.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "base/error.h"
#include "ingest/corpus.h"
#include "ingest/read_transcript.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;
using testing::TempDir;

constexpr const char* kMimeType = "application/vnd.oasis.opendocument.text";

// content.xml of a text document whose office:text holds `body_xml`, with the namespaces LibreOffice declares
// for what these tests use.
std::string ContentXml(const std::string& body_xml) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
         R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" )"
         R"(xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" )"
         R"(xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" )"
         R"(xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">)"
         R"(<office:body><office:text>)" +
         body_xml + "</office:text></office:body></office:document-content>";
}

// A minimal .odt: the mimetype member first (as ODF requires) and content.xml.
std::string Odt(const std::string& body_xml) {
  return testing::Zip({{"mimetype", kMimeType}, {"content.xml", ContentXml(body_xml)}});
}

std::vector<std::string> Texts(const Transcript& t) {
  std::vector<std::string> out;
  for (const Turn& turn : t.turns) out.push_back(turn.speaker + "|" + turn.text);
  return out;
}

Transcript Read(const TempDir& dir, const std::string& name, const std::string& bytes, TranscriptLimits limits = {}) {
  return ReadTranscript(dir.Write(name, bytes), name, InterviewerLabels(), limits);
}

// A heading before the first label is a turn of an unknown speaker (the title); every paragraph is a line, so
// a turn's line is the paragraph it starts in, counting the heading.
TEST(OdtReader, InterviewParagraphsBecomeTurns) {
  TempDir dir;
  Transcript t = Read(dir, "2021/interview.odt",
                      Odt("<text:h text:outline-level=\"1\">Interview Zwolle</text:h>"
                          "<text:p text:style-name=\"P1\">I: Hoe gaat de samenwerking?</text:p>"
                          "<text:p>R: Goed.</text:p>"
                          "<text:p>Alleen het geld is op.</text:p>"
                          "<text:p/>"
                          "<text:p>I: Dank je.</text:p>"));
  EXPECT_EQ(t.format, "odt");
  EXPECT_EQ(t.encoding, "UTF-8");
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"|Interview Zwolle", "I|Hoe gaat de samenwerking?",
                                                "R|Goed.\nAlleen het geld is op.", "I|Dank je."}));
  std::vector<int> lines;
  std::vector<bool> interviewer;
  for (const Turn& turn : t.turns) {
    lines.push_back(turn.line);
    interviewer.push_back(turn.is_interviewer);
  }
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 3, 6}));
  EXPECT_EQ(interviewer, (std::vector<bool>{false, true, false, true}));
}

// Spans are joined; text:s with text:c gives that many spaces, text:tab a tab, text:line-break a new line (so a
// Teams-style speaker line and its text may share one paragraph). White space in the XML itself collapses to
// one space and is dropped at the paragraph start, as in LibreOffice.
TEST(OdtReader, SpansSpacesTabsAndLineBreaksAreText) {
  TempDir dir;
  Transcript t = Read(
      dir, "x.odt",
      Odt("<text:p>\n  <text:span text:style-name=\"T1\">Interviewer:</text:span> Hoe gaat de "
          "<text:span>samen</text:span><text:span>werking</text:span>?</text:p>"
          "<text:p>R: Goed,<text:s text:c=\"3\"/>echt<text:s/>goed.<text:tab/>Maar"
          "<text:line-break/>de <text:a xlink:href=\"https://example.org\" "
          "xmlns:xlink=\"http://www.w3.org/1999/xlink\">jeugdzorg</text:a>   \n  loopt vast.</text:p>"
          "<text:p>Petra Jansen<text:s text:c=\"3\"/>0:03<text:line-break/>Welkom.</text:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"Interviewer|Hoe gaat de samenwerking?",
                                                "R|Goed,   echt goed.\tMaar\nde jeugdzorg loopt vast.",
                                                "Petra Jansen|Welkom."}));
}

// The old text of a tracked deletion lives in text:tracked-changes; the body only marks where it was. Footnotes
// and comments are not speech.
TEST(OdtReader, TrackedDeletionsNotesAndCommentsAreLeftOut) {
  TempDir dir;
  Transcript t = Read(
      dir, "x.odt",
      Odt("<text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion><office:change-info>"
          "<dc:creator>Sanne</dc:creator></office:change-info><text:p>NIET</text:p></text:deletion>"
          "</text:changed-region></text:tracked-changes>"
          "<text:p>R: Goed<text:change text:change-id=\"ct1\"/>, alleen de coördinatie"
          "<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
          "<text:note-body><text:p>Bedoeld: de wijkcoördinator.</text:p></text:note-body></text:note>"
          " niet.<office:annotation><dc:creator>Sanne</dc:creator><text:p>navragen</text:p></office:annotation>"
          "</text:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"R|Goed, alleen de coördinatie niet."}));
}

// A table's cells are read row by row, each cell's paragraphs in order, between the paragraphs around it.
TEST(OdtReader, TableParagraphsAreReadInOrder) {
  TempDir dir;
  Transcript t = Read(dir, "x.odt",
                      Odt("<text:p>I: Wat staat er in de tabel?</text:p>"
                          "<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"2\"/>"
                          "<table:table-row><table:table-cell><text:p>R: Eerste cel.</text:p></table:table-cell>"
                          "<table:table-cell><text:p>Tweede cel,</text:p><text:p>twee alinea's.</text:p>"
                          "</table:table-cell></table:table-row>"
                          "<table:table-row><table:table-cell><text:list><text:list-item><text:p>In een lijst."
                          "</text:p></text:list-item></text:list></table:table-cell></table:table-row></table:table>"
                          "<text:p>I: Dank je.</text:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"I|Wat staat er in de tabel?",
                                                "R|Eerste cel.\nTweede cel,\ntwee alinea's.\nIn een lijst.",
                                                "I|Dank je."}));
}

// A text box anchored in a paragraph is read as paragraphs of its own, after the one it is anchored in (as the
// .docx reader does).
TEST(OdtReader, TextBoxParagraphsFollowTheirParagraph) {
  TempDir dir;
  Transcript t = Read(dir, "x.odt",
                      Odt("<text:p>R: Voor<draw:frame draw:name=\"Kader\"><draw:text-box><text:p>In het kader."
                          "</text:p></draw:text-box></draw:frame> en na.</text:p><text:p>I: Goed.</text:p>"));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"R|Voor en na.\nIn het kader.", "I|Goed."}));
}

// Prefixes are the writer's choice: elements are matched by namespace, not by the letters "text:".
TEST(OdtReader, OtherNamespacePrefixes) {
  TempDir dir;
  std::string content =
      R"(<?xml version="1.0"?><o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
      R"(xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:text="urn:example:not-odf">)"
      R"(<o:body><o:text><t:p>R: ja<t:s t:c="2"/>hoor</t:p><text:p>NIET</text:p></o:text></o:body>)"
      R"(</o:document-content>)";
  Transcript t = Read(dir, "x.odt", testing::Zip({{"mimetype", kMimeType}, {"content.xml", content}}));
  EXPECT_EQ(Texts(t), (std::vector<std::string>{"R|ja  hoor"}));
}

TEST(OdtReader, DamagedOrOtherFilesAreRefusedNamingTheFile) {
  TempDir dir;
  EXPECT_THAT([&] { Read(dir, "2021/notzip.odt", "dit is geen zip"); },
              ThrowsMessage<Error>(HasSubstr("2021/notzip.odt: not a valid .odt: it is not a zip archive")));
  EXPECT_THAT([&] { Read(dir, "2021/notzip.odt", "dit is geen zip"); },
              ThrowsMessage<Error>(HasSubstr("open it in LibreOffice Writer and save it again as .odt")));
  EXPECT_THAT([&] { Read(dir, "nocontent.odt", testing::Zip({{"mimetype", kMimeType}, {"styles.xml", "<x/>"}})); },
              ThrowsMessage<Error>(HasSubstr("nocontent.odt: not an OpenDocument text: content.xml is missing")));
  EXPECT_THAT([&] { Read(dir, "badxml.odt", testing::Zip({{"content.xml", "<office:document-content><a>"}})); },
              ThrowsMessage<Error>(HasSubstr("badxml.odt: content.xml is not valid XML")));
  EXPECT_THAT([&] { Read(dir, "word.odt", testing::Zip({{"content.xml", "<w:document/>"}})); },
              ThrowsMessage<Error>(HasSubstr("word.odt: not an OpenDocument text: content.xml holds <w:document>")));
  std::string sheet = testing::Zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                    {"content.xml", ContentXml("<text:p>R: ja</text:p>")}});
  EXPECT_THAT([&] { Read(dir, "sheet.odt", sheet); },
              ThrowsMessage<Error>(HasSubstr(
                  "sheet.odt: not a text document but application/vnd.oasis.opendocument.spreadsheet")));
  std::string spreadsheet_body = testing::Zip(
      {{"content.xml", R"(<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">)"
                       R"(<office:body><office:spreadsheet/></office:body></office:document-content>)"}});
  EXPECT_THAT([&] { Read(dir, "calc.odt", spreadsheet_body); },
              ThrowsMessage<Error>(HasSubstr("calc.odt: not an OpenDocument text: content.xml has no office:text")));
  EXPECT_THAT([&] { Read(dir, "empty.odt", Odt("<text:p/><text:p>  </text:p>")); },
              ThrowsMessage<Error>(HasSubstr("empty.odt: the file holds no transcript text")));
}

// The zip-bomb guards: content.xml inflating past the limit, and text:s asking for more spaces than that.
TEST(OdtReader, ZipBombsAreRefused) {
  TempDir dir;
  TranscriptLimits limits{.max_document_xml_bytes = 1 << 20};
  EXPECT_THAT([&] { Read(dir, "bomb.odt", Odt("<text:p>" + std::string(3 << 20, ' ') + "</text:p>"), limits); },
              ThrowsMessage<Error>(HasSubstr("bomb.odt: content.xml inflates to more than 1 MB")));
  std::string spaces;
  for (int i = 0; i < 4; ++i) spaces += "<text:s text:c=\"300000\"/>";
  EXPECT_THAT([&] { Read(dir, "spaces.odt", Odt("<text:p>R: ja" + spaces + "</text:p>"), limits); },
              ThrowsMessage<Error>(
                  HasSubstr("spaces.odt: content.xml's text:s elements add more than 1 MB of spaces")));
}

TEST(OdtReader, CorpusListsOdtFiles) {
  EXPECT_TRUE(IsTranscriptFile("2021/interview.odt"));
  EXPECT_TRUE(IsTranscriptFile("2021/INTERVIEW.ODT"));
  EXPECT_FALSE(IsTranscriptFile("2021/tabel.ods"));
  TempDir dir;
  dir.Write("2021/interview-a.odt", Odt("<text:p>R: ja</text:p>"));
  dir.Write("2021/tabel.ods", "x");
  CorpusListing listing = ListCorpus(dir.path());
  ASSERT_EQ(listing.sources.size(), 1u);
  EXPECT_EQ(listing.sources[0].name, "2021/interview-a.odt");
  ASSERT_EQ(listing.warnings.size(), 1u);
  EXPECT_EQ(listing.warnings[0].message,
            "skipped 1 file(s) that are not transcripts (.txt .md .docx .odt .pdf .vtt .srt):\n  2021/tabel.ods");
}

// What LibreOffice itself writes: a .docx saved as .odt by soffice gives the same turns as the .docx, also with
// spaces LibreOffice writes as text:s and a tracked deletion it moves into text:tracked-changes.
TEST(OdtReader, LibreOfficeConversionOfADocxGivesTheSameTurns) {
  if (std::system("command -v soffice > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "LibreOffice (soffice) is not installed (scripts/install-deps.sh installs it): the reader was "
                    "checked on hand-written content.xml only";
  }
  TempDir dir;
  std::filesystem::path docx = dir.Write(
      "gesprek.docx",
      testing::Docx("<w:p><w:r><w:t>Interview Emmen</w:t></w:r></w:p>"
                    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:t xml:space=\"preserve\">"
                    " Hoe gaat de </w:t></w:r><w:r><w:t>samenwerking?</w:t></w:r></w:p>"
                    "<w:p><w:r><w:t xml:space=\"preserve\">R: Goed,   echt</w:t><w:tab/><w:t>goed.</w:t><w:br/>"
                    "<w:t xml:space=\"preserve\">Maar de </w:t></w:r>"
                    "<w:del w:id=\"1\" w:author=\"Sanne\" w:date=\"2021-03-01T10:00:00Z\"><w:r>"
                    "<w:delText>NIET </w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"Sanne\" "
                    "w:date=\"2021-03-01T10:00:00Z\"><w:r><w:t>coördinatie</w:t></w:r></w:ins><w:r>"
                    "<w:t xml:space=\"preserve\"> loopt vast.</w:t></w:r></w:p>"
                    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>R: Uit een tabel.</w:t></w:r></w:p></w:tc>"
                    "<w:tc><w:p><w:r><w:t>Tweede cel.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
                    "<w:p><w:r><w:t>I: Dank je.</w:t></w:r></w:p>"));
  std::filesystem::path out = dir.path() / "odt";
  std::string command = "cd " + dir.path().string() + " && HOME=" + dir.path().string() +
                        " timeout 180 soffice --headless --convert-to odt --outdir " + out.string() +
                        " gesprek.docx > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  ASSERT_TRUE(std::filesystem::exists(out / "gesprek.odt"));
  Transcript from_docx = ReadTranscript(docx, "gesprek.docx", InterviewerLabels());
  Transcript from_odt = ReadTranscript(out / "gesprek.odt", "gesprek.odt", InterviewerLabels());
  EXPECT_EQ(Texts(from_odt), Texts(from_docx));
  EXPECT_EQ(Texts(from_odt), (std::vector<std::string>{
                                 "|Interview Emmen", "Interviewer|Hoe gaat de samenwerking?",
                                 "R|Goed,   echt\tgoed.\nMaar de coördinatie loopt vast.\nUit een tabel.\nTweede cel.",
                                 "I|Dank je."}));
  ASSERT_EQ(from_odt.turns.size(), from_docx.turns.size());
  for (size_t i = 0; i < from_odt.turns.size(); ++i) EXPECT_EQ(from_odt.turns[i].line, from_docx.turns[i].line);
}

}  // namespace
}  // namespace kansrijk
