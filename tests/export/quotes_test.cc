#include "export/quotes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>
#include <zip.h>

#include <fstream>
#include <sstream>

#include "base/error.h"
#include "normalize/normalize.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "segment/segment.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::ThrowsMessage;
using testing::SourceDir;
using testing::TempDir;

std::string Cut(const std::string& text, const std::string& coded, size_t max_chars = 400) {
  uint32_t at = static_cast<uint32_t>(text.find(coded));
  return CutToSentences(text, SegmentTurn(text).sentences, {at, at + static_cast<uint32_t>(coded.size())}, max_chars);
}

TEST(CutToSentences, WholeSentencesAroundTheCodedWords) {
  const std::string turn = "Nou ja. Dat zijn o.a. de wijkteams en dhr. Jansen, die hebben te weinig geld. Daarna ging het beter.";
  EXPECT_EQ(Cut(turn, "te weinig geld"), "[...] Dat zijn o.a. de wijkteams en dhr. Jansen, die hebben te weinig geld. [...]");
  EXPECT_EQ(Cut(turn, "Nou ja"), "Nou ja. [...]");
  EXPECT_EQ(Cut(turn, "beter"), "[...] Daarna ging het beter.");
  EXPECT_EQ(Cut("Alleen dit.", "dit"), "Alleen dit.");
}

TEST(CutToSentences, SpansOverSentencesAndLengthLimits) {
  const std::string turn = "Eerste zin over geld. Tweede zin over budget. Derde.";
  uint32_t begin = static_cast<uint32_t>(turn.find("geld")), end = static_cast<uint32_t>(turn.find("budget") + 6);
  std::vector<Span> sentences = SegmentTurn(turn).sentences;
  EXPECT_EQ(CutToSentences(turn, sentences, {begin, end}, 400), "Eerste zin over geld. Tweede zin over budget. [...]");
  EXPECT_EQ(CutToSentences(turn, sentences, {begin, end}, 30), "Eerste zin over geld. [...]");  // the first sentence only
  std::string long_sentence = "Het gaat om " + std::string(60, 'x') + " en dan het geld dat ontbreekt voor de coalitie.";
  std::string cut = Cut(long_sentence, "geld", 40);
  EXPECT_THAT(cut, HasSubstr("geld"));
  EXPECT_TRUE(cut.starts_with("[...] ") && cut.ends_with(" [...]")) << cut;
  EXPECT_LE(cut.size(), 40u + 12u);
}

// A window in one long word ends between characters, never inside one (found by tests/fuzz/quote_cutter.cc).
TEST(CutToSentences, WindowWithoutSpacesCutsBetweenCharacters) {
  const std::string turn = std::string(10, 'x') + "‽‽‽‽‽‽‽‽ geld";  // ‽ is three bytes
  EXPECT_EQ(Cut(turn, "xxxx", 15), "xxxxxxxxxx‽ [...]");  // 15 bytes end inside the second ‽: cut before it
}

// The only space in the window lies inside the coded words: the cut falls after them, between characters.
TEST(CutToSentences, NeverCutsInsideTheCodedWords) {
  const std::string turn = "Het gaat om " + std::string(30, 'x') + " en dan te weinig geld/" + std::string(40, 'y') + ".";
  std::string cut = Cut(turn, "weinig geld", 30);
  EXPECT_THAT(cut, HasSubstr("weinig geld")) << cut;
  EXPECT_EQ(Cut("Kort: " + std::string(50, 'z') + " te weinig geld voor de coalitie.", "te weinig geld voor de coalitie", 10),
            "[...] te weinig geld voor de coalitie [...]");  // longer than max_chars: whole all the same
}

TEST(CleanSpeech, LeavesOutHesitationsRepeatsAndAnnotations) {
  EXPECT_EQ(CleanSpeech("Eh, we hebben hebben ehm te weinig [lacht] geld (...) echt."), "We hebben te weinig geld echt.");
  EXPECT_EQ(CleanSpeech("Ja, ja. De de gemeente, uh, betaalt."), "Ja, ja. De gemeente, betaalt.");
}

// Every known name, in every case and inflection it can occur in, is gone.
TEST(Pseudonymise, NoKnownNameSurvives) {
  const std::map<std::string, std::string> names = {
      {"Petra", "[naam]"}, {"Jansen", "[naam]"}, {"Petra Jansen", "[naam]"}, {"Zoë de Vries", "[naam]"},
      {"Vries", "[naam]"}, {"Marloes", "[collega]"}, {"Den Helder", "[gemeente]"}, {"IJsselstein", "[gemeente]"}};
  const std::string text =
      "Petra zei het, PETRA ook, en petra's collega. Petra Jansen en Jansens team; Jansen, Petra. Zoë de Vries, "
      "Zoe de Vries en ZOË DE VRIES. Marloes' plan en Marloes’ plan. In Den Helder, den helder en DEN-HELDER? "
      "\u0132sselstein en IJsselstein. Maar Petrami en Jansenius blijven.";
  std::string out = Pseudonymise(text, names);
  std::string folded = Normalize(out).text;
  for (const char* name : {"petra ", "petra'", "petra.", "jansen ", "jansens", "zoe", "vries", "marloes", "den helder", "ijsselstein"}) {
    EXPECT_THAT(folded, Not(HasSubstr(name))) << out;
  }
  EXPECT_THAT(out, HasSubstr("[collega] plan en [collega] plan"));
  EXPECT_THAT(out, HasSubstr("Petrami en Jansenius blijven"));  // only whole words
}

class QuotesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 3; ++i) {
      corpus_.Write("2021/interview-" + std::to_string(i) + ".txt",
                    "I: Hoe gaat het?\nPetra Jansen: Eh, er is te weinig geld in Zwolle. Marloes zegt het ook.\n"
                    "I: En verder?\nPetra Jansen: Het budget stopt. Dat is =zorgelijk.\n");
    }
    corpus_.Write("manifest.csv", "file,year,type,role,municipality\n"
                                  "2021/interview-1.txt,2021,interview,projectleider,Zwolle\n"
                                  "2021/interview-2.txt,2021,interview,ouder,Zwolle\n"
                                  "2021/interview-3.txt,2021,focusgroep,professional,Zwolle\n");
    pseudonyms_ = corpus_.Write("pseudonyms.csv", "original,replacement\nMarloes,[collega]\n");
    Store store = Store::Open(db_);
    Ingest(store, {corpus_.path()});
    Morphology morphology = Morphology::Load();
    Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
    CodeCorpus(store, book, Coder(book, morphology));
  }
  QuoteSet Select(QuoteOptions options) {
    options.pseudonyms = pseudonyms_;
    return SelectQuotes(Store::Open(db_), options);
  }
  TempDir corpus_, work_;
  std::filesystem::path db_ = work_.path() / "k.db", pseudonyms_;
};

TEST_F(QuotesTest, SpreadAttributedAndPseudonymised) {
  QuoteSet set = Select({.codes = {"financiering"}, .per_code = 3});
  ASSERT_EQ(set.quotes.size(), 3u);
  std::set<std::string> files;
  for (const Quote& q : set.quotes) {
    files.insert(q.file);
    EXPECT_THAT(q.text + q.verbatim + q.citation, Not(HasSubstr("Petra")));
    EXPECT_THAT(q.text + q.verbatim, Not(HasSubstr("Zwolle")));
    EXPECT_THAT(q.text + q.verbatim, Not(HasSubstr("Marloes")));
  }
  EXPECT_EQ(files.size(), 3u);  // one from each document before a second from any
  EXPECT_THAT(set.quotes[0].citation, ::testing::MatchesRegex(R"(\((projectleider|ouder|professional), (interview|focusgroep), 2021, (INT|FG)-2021-0[12]\))"));
}

TEST_F(QuotesTest, DeterministicAndSeeded) {
  std::ostringstream a, b;
  WriteQuotesMarkdown(Select({.per_code = 2}), a);
  WriteQuotesMarkdown(Select({.per_code = 2}), b);
  EXPECT_EQ(a.str(), b.str());
  QuoteSet seeded = Select({.codes = {"financiering"}, .per_code = 1, .seed = 7});
  EXPECT_EQ(seeded.quotes.size(), 1u);
}

TEST_F(QuotesTest, CleanVersusVerbatimAndOptOut) {
  auto texts = [&](QuoteOptions options) {
    options.codes = {"financiering"};
    options.per_code = 6;
    std::string all;
    for (const Quote& q : Select(options).quotes) all += q.text + "\n";
    return all;
  };
  EXPECT_THAT(texts({}), HasSubstr("Eh, er is te weinig geld in [gemeente]."));
  EXPECT_THAT(texts({.clean = true}), HasSubstr("Er is te weinig geld in [gemeente]. [...]"));  // cut marks stay
  EXPECT_THAT(texts({.pseudonymise = false}), HasSubstr("Eh, er is te weinig geld in Zwolle."));
  QuoteSet open = Select({.codes = {"financiering"}, .per_code = 1, .pseudonymise = false});
  std::ostringstream md;
  WriteQuotesMarkdown(open, md);
  EXPECT_THAT(md.str(), HasSubstr("niet gepseudonimiseerd"));
}

TEST_F(QuotesTest, CsvNeutralisesFormulas) {
  QuoteSet set = Select({.codes = {"financiering"}, .per_code = 3});
  for (Quote& q : set.quotes) q.text = "=HYPERLINK(\"x\")";
  std::ostringstream csv;
  WriteQuotesCsv(set, csv);
  EXPECT_THAT(csv.str(), HasSubstr("\"'=HYPERLINK(\"\"x\"\")\""));
  EXPECT_THAT(csv.str(), HasSubstr(",\"-\","));  // a lone valence '-' is no formula: left as it is
}

std::string ZipMember(const std::filesystem::path& file, const char* name) {
  int error = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_RDONLY, &error);
  if (!archive) return "";
  zip_stat_t stat;
  std::string out;
  if (zip_stat(archive, name, 0, &stat) == 0) {
    zip_file_t* f = zip_fopen(archive, name, 0);
    out.resize(stat.size);
    zip_fread(f, out.data(), stat.size);
    zip_fclose(f);
  }
  zip_discard(archive);
  return out;
}

TEST_F(QuotesTest, DocxIsWellFormedWordprocessingML) {
  QuoteSet set = Select({.per_code = 2});
  std::filesystem::path docx = work_.path() / "quotes.docx", again = work_.path() / "again.docx";
  WriteQuotesDocx(set, docx);
  WriteQuotesDocx(set, again);
  std::ifstream a(docx, std::ios::binary), b(again, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}), std::string(std::istreambuf_iterator<char>(b), {}));
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml"}) {
    pugi::xml_document xml;
    EXPECT_TRUE(xml.load_string(ZipMember(docx, part).c_str())) << part;
  }
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(ZipMember(docx, "word/document.xml").c_str()));
  int headings = 0, quotes = 0;
  for (pugi::xpath_node p : document.select_nodes("//w:p/w:pPr/w:pStyle")) {
    std::string style = p.node().attribute("w:val").value();
    headings += style == "Heading1";
    quotes += style == "Quote" || style == "Citation";
  }
  std::set<std::string> codes;
  for (const Quote& q : set.quotes) codes.insert(q.code);
  EXPECT_EQ(headings, static_cast<int>(codes.size()));
  EXPECT_EQ(quotes, 2 * static_cast<int>(set.quotes.size()));  // the quote and its citation
}

// Opens the .docx in LibreOffice, as a person would, and converts it to PDF.
TEST_F(QuotesTest, DocxOpensInLibreOffice) {
  if (std::system("command -v soffice > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "LibreOffice (soffice) is not installed: the .docx was checked at XML level only";
  }
  std::filesystem::path docx = work_.path() / "quotes.docx";
  WriteQuotesDocx(Select({.per_code = 2}), docx);
  std::string command = "cd " + work_.path().string() + " && HOME=" + work_.path().string() +
                        " timeout 120 soffice --headless --convert-to pdf quotes.docx > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::filesystem::path pdf = work_.path() / "quotes.pdf";
  ASSERT_TRUE(std::filesystem::exists(pdf));
  EXPECT_GT(std::filesystem::file_size(pdf), 2000u);
}

// What the exports use: document keys, speakers numbered per document, names and municipalities replaced.
TEST_F(QuotesTest, PseudonymsForExports) {
  corpus_.Write("2021/interview-3.txt", "I: Wie begint?\nAnke: Ik.\nBram: Ik ook.\nI: En Anke?\nAnke: Ja.\n");
  Store store = Store::Open(db_);
  Ingest(store, {corpus_.path()});
  Pseudonyms hide = Pseudonyms::Load(store, pseudonyms_);
  EXPECT_EQ(hide.Document("2021/interview-1.txt"), "INT-2021-01");
  EXPECT_EQ(hide.Document("2021/interview-2.txt"), "INT-2021-02");
  EXPECT_EQ(hide.Document("2021/interview-3.txt"), "FG-2021-01");
  std::vector<std::string> speakers;
  for (const TurnRow& t : store.Turns({})) {
    if (t.file == "2021/interview-3.txt") speakers.push_back(hide.Speaker(t));
  }
  EXPECT_EQ(speakers, (std::vector<std::string>{"I1", "R1", "R2", "I1", "R1"}));
  EXPECT_EQ(hide.Text("Anke en Petra uit Zwolle spraken Marloes."), "[naam] en [naam] uit [gemeente] spraken [collega].");
  EXPECT_THAT([&] { Pseudonyms::Load(store, work_.path() / "missing.csv"); },
              ThrowsMessage<kansrijk::Error>(
                  AllOf(HasSubstr((work_.path() / "missing.csv").string() + ": no such file"),
                        HasSubstr("(hint: give a CSV with the columns original,replacement"))));
}

// A pseudonyms.csv row that names something but cannot be used is an error at its row, never skipped: a
// skipped row would leave its name in every export. Blank rows are nothing to use and nothing to lose.
TEST_F(QuotesTest, UnusablePseudonymRowsAreErrorsAtTheirRow) {
  Store store = Store::Open(db_);
  const std::map<std::string, std::pair<std::string, std::string>> cases = {
      {"original,replacement\nMarloes,[collega]\nPetra\n", {"row 3", "'Petra' has no replacement column"}},
      {"Marloes,[collega]\n,[naam]\n", {"row 2", "the name to hide (the first column) is empty"}},
      {"original,replacement\nMari\xEF\xBF\xBDlle,[naam]\n", {"row 2", "'Mari\xEF\xBF\xBDlle' holds a character lost to a wrong encoding (U+FFFD)"}},
      {"original,replacement\n...,[naam]\n", {"row 2", "'...' holds no letters"}},
  };
  for (const auto& [csv, expected] : cases) {
    std::filesystem::path file = work_.Write("bad.csv", csv);
    EXPECT_THAT([&] { Pseudonyms::Load(store, file); },
                ThrowsMessage<kansrijk::Error>(HasSubstr(file.string() + ":" + expected.first + ": " + expected.second)))
        << csv;
  }
  // Blank rows, an empty replacement ([naam]) and a missing header are fine.
  std::filesystem::path file = work_.Write("good.csv", "Marloes,\n\n , \nZwolle,[plaats]\n");
  EXPECT_EQ(Pseudonyms::Load(store, file).Text("Marloes in Zwolle"), "[naam] in [plaats]");
  // A Dutch header row is a header, not a name to hide.
  std::filesystem::path dutch = work_.Write("dutch.csv", "naam,vervanging\nMarloes,[collega]\n");
  EXPECT_EQ(Pseudonyms::Load(store, dutch).Text("Marloes kent de naam"), "[collega] kent de naam");
  // The CLI writes no export at all.
  std::filesystem::path bad = work_.Write("bad.csv", "Marloes\n"), out = work_.path() / "out.csv";
  testing::CliResult result = testing::RunCli("export turns --db " + db_.string() + " --pseudonyms " + bad.string() +
                                              " --out " + out.string());
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.out, HasSubstr("bad.csv:row 1: 'Marloes' has no replacement column"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

// Words that look like names (after mevrouw, meneer, collega, ...) and are in no list are reported with where
// they stayed, by quotes and export.
TEST_F(QuotesTest, NamesInNoListAreReported) {
  corpus_.Write("2021/interview-1.txt",
                "I: Hoe gaat het?\nPetra Jansen: Er is te weinig geld, zei mevrouw Bakker. Collega Dirk ook, en "
                "meneer van Dam. Mevrouw Marloes niet.\n");
  Store store = Store::Open(db_);
  Ingest(store, {corpus_.path()});
  Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  CodeCorpus(store, book, Coder(book, Morphology::Load()));
  Pseudonyms hide = Pseudonyms::Load(store, pseudonyms_);
  EXPECT_EQ(hide.Text("zei mevrouw Bakker tegen collega [naam]", "INT-2021-01 turn 2"),
            "zei mevrouw Bakker tegen collega [naam]");
  hide.Text("meneer van Dam en mevrouw Marloes", "INT-2021-02 turn 4");
  std::vector<std::string> warnings;
  for (const Diagnostic& d : hide.UnlistedNames()) warnings.push_back(d.ToString());
  EXPECT_THAT(warnings, ::testing::ElementsAre(
      "'meneer van Dam' looks like a name and is in no list, so it stays in the export in INT-2021-02 turn 4: add "
      "\"van Dam,[naam]\" to " + pseudonyms_.string(),
      "'mevrouw Bakker' looks like a name and is in no list, so it stays in the export in INT-2021-01 turn 2: add "
      "\"Bakker,[naam]\" to " + pseudonyms_.string()));
  testing::CliResult quotes = testing::RunCli("quotes --per-code 10 --db " + db_.string() + " --pseudonyms " + pseudonyms_.string());
  EXPECT_EQ(quotes.status, 0) << quotes.out;
  EXPECT_THAT(quotes.out, HasSubstr("warning: 'mevrouw Bakker' looks like a name and is in no list"));
  testing::CliResult turns = testing::RunCli("export turns --db " + db_.string() + " --pseudonyms " + pseudonyms_.string());
  EXPECT_THAT(turns.out, HasSubstr("warning: 'collega Dirk' looks like a name and is in no list, so it stays in the "
                                   "export in INT-2021-01 turn 2"));
  EXPECT_THAT(turns.out, Not(HasSubstr("'mevrouw Marloes'"))) << "listed: replaced, so not reported";
}

}  // namespace
}  // namespace kansrijk
