// PDF transcripts (poppler-cpp) and the formats refused with a way out (.rtf).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "ingest/read_transcript.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::TempDir;

std::filesystem::path Fixture(const std::string& name) { return testing::SourceDir() / "tests/data/formats" / name; }

std::string ErrorOf(const std::filesystem::path& path, const std::string& name) {
  try {
    ReadTranscript(path, name, InterviewerLabels());
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

// LibreOffice's PDF of a three-page interview with a running header and "Pagina N van 3" in the footer
// (tests/data/formats/interview-kop-voet.fodt): 9 turns counted by hand, the header and footers left out.
TEST(PdfReader, TextLayerWithoutHeadersFootersAndPageNumbers) {
  Transcript t = ReadTranscript(Fixture("interview-kop-voet.pdf"), "kop-voet.pdf", InterviewerLabels());
  EXPECT_EQ(t.format, "pdf");
  ASSERT_EQ(t.turns.size(), 9u);
  EXPECT_EQ(t.turns[0].speaker, "");
  EXPECT_EQ(t.turns[0].text, "Interview projectleider, 14 maart 2023");
  EXPECT_EQ(t.turns[1].speaker, "Interviewer");
  EXPECT_TRUE(t.turns[1].is_interviewer);
  EXPECT_EQ(t.turns[1].text, "Fijn dat u tijd heeft. Kunt u vertellen\nhoe het project begon?");
  EXPECT_EQ(t.turns[2].speaker, "Respondent");
  EXPECT_THAT(t.turns[2].text, HasSubstr("erachter en dat hielp enorm bij de eerste\nstappen."));
  // The turn that ends page 1 and the one that starts page 2 hold no header or footer line.
  EXPECT_EQ(t.turns[3].text, "Wat liep er goed?");
  EXPECT_EQ(t.turns[4].text,
            "De samenwerking met de\nverloskundigen. Die kenden de gezinnen al en\nwisten wie er extra steun nodig had.");
  EXPECT_EQ(t.turns[8].text, "Positief, al had ik graag meer\nstructurele financiering gezien.");
  for (const Turn& turn : t.turns) {
    EXPECT_THAT(turn.text, ::testing::Not(HasSubstr("vertrouwelijk")));
    EXPECT_THAT(turn.text, ::testing::Not(HasSubstr("Pagina")));
  }
  // Lines count over the text that is kept, page after page.
  EXPECT_EQ(t.turns[1].line, 2);
  ASSERT_EQ(t.warnings.size(), 1u);
  EXPECT_EQ(t.warnings[0].ToString(),
            "kop-voet.pdf: left out 6 line(s) that repeat at the top or bottom of the pages or are page numbers, such "
            "as 'Transcript interview Zwolle, vertrouwelijk', 'Pagina 1 van 3', 'Pagina 2 van 3'");
}

TEST(PdfReader, ScannedEncryptedAndBrokenPdfsAreClearErrors) {
  // An image of a page and no text (LibreOffice's PDF of a document holding only a picture).
  EXPECT_THAT(ErrorOf(Fixture("gescand.pdf"), "2021/gescand.pdf"),
              AllOf(HasSubstr("2021/gescand.pdf: the PDF has no text layer, only images of 1 page(s)"),
                    HasSubstr("needs OCR"), HasSubstr("hint: run it through OCR")));
  // Opened with a password (LibreOffice's export with "EncryptFile").
  EXPECT_THAT(ErrorOf(Fixture("versleuteld.pdf"), "versleuteld.pdf"),
              AllOf(HasSubstr("versleuteld.pdf: the PDF is protected with a password"),
                    HasSubstr("save a copy without protection")));
  TempDir dir;
  std::string whole = testing::ReadFile(Fixture("interview-kop-voet.pdf"));
  EXPECT_THAT(ErrorOf(dir.Write("kapot.pdf", whole.substr(0, 900)), "kapot.pdf"),
              HasSubstr("kapot.pdf: not a readable PDF: the file is damaged or not a PDF"));
  EXPECT_THAT(ErrorOf(dir.Write("tekst.pdf", "R: dit is gewoon tekst\n"), "tekst.pdf"),
              HasSubstr("tekst.pdf: not a readable PDF"));
}

TEST(PdfReader, RtfIsRefusedWithTheWayOut) {
  TempDir dir;
  EXPECT_TRUE(IsTranscriptFile("x.RTF"));
  EXPECT_TRUE(IsTranscriptFile("x.pdf"));
  EXPECT_THAT(ErrorOf(dir.Write("x.rtf", "{\\rtf1\\ansi R: hallo\\par}"), "2020/x.rtf"),
              AllOf(HasSubstr("2020/x.rtf: RTF files are not read"), HasSubstr("save it as .docx or .odt")));
}

}  // namespace
}  // namespace kansrijk
