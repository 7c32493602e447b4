// The researcher's workflow through the CLI, as a user would run it: code and review by hand, review in a
// spreadsheet and load it back, survive a changed transcript, compare coders, learn rules, trade codebooks.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "base/csv.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

class Researcher : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write("2021/interview-a.txt",
                  "I: Hoe gaat het met de coalitie?\n"
                  "R: Er is geen geld meer. De subsidie is op.\n"
                  "I: En de trekker?\n"
                  "R: Onze kartrekker is vertrokken. De subsidie was ook het probleem.\n"
                  "I: Nog iets?\n"
                  "R: De subsidie hield ons bij elkaar, eerlijk gezegd.\n");
    corpus_.Write("2022/interview-b.txt", "I: En nu?\nR: Het personeelstekort is groot.\nI: Dank je.\nR: Graag.\n");
    ASSERT_EQ(Run("ingest " + corpus_.path().string() + " --quiet").status, 0);
    ASSERT_EQ(Run("code --quiet --codebook " + (SourceDir() / "tests/data/mini-codebook.yaml").string()).status, 0);
  }
  testing::CliResult Run(const std::string& args) {
    return testing::RunCli(args + " --db " + (work_.path() / "k.db").string());
  }
  std::vector<std::vector<std::string>> Codings(const std::string& coder) {
    std::string out = Run("export codings --no-pseudonymise --coder " + coder).out;
    return ReadCsv(out, "export");
  }
  TempDir corpus_, work_;
  const std::string a_ = "2021/interview-a.txt", b_ = "2022/interview-b.txt";
};

TEST_F(Researcher, CodesReviewsAndTheReportCountsTheirView) {
  EXPECT_EQ(Run("review " + a_ + " 2 financiering reject --coder marieke --memo 'gaat over subsidie'").status, 0);
  EXPECT_EQ(Run("coding add " + b_ + " 4 kartrekker --coder marieke").status, 0);
  EXPECT_EQ(Run("review " + b_ + " 4 financiering accept --coder marieke").status, 2);  // nothing to review there
  EXPECT_THAT(Run("coding add " + a_ + " 9 kartrekker --coder marieke").out, HasSubstr("there is no turn 9"));
  EXPECT_THAT(Run("coding add " + a_ + " 2 onzin --coder marieke").out, HasSubstr("is not a code"));

  std::vector<std::vector<std::string>> rows = Codings("marieke");
  ASSERT_EQ(rows[0].back(), "memo");
  bool rejected = false, manual = false;
  for (const auto& r : rows) {
    rejected |= r[0] == a_ && r[3] == "2" && r[5] == "financiering" && r[12] == "rejected" && r[13] == "gaat over subsidie";
    manual |= r[0] == b_ && r[3] == "4" && r[5] == "kartrekker" && r[7] == "marieke" && r[11] == "Graag.";
  }
  EXPECT_TRUE(rejected && manual);

  // frequencies.csv is long: table,code,label,category,is_category,year,compared_with,measure,value
  auto coded_turns = [&](const std::string& coder, const std::string& code, const std::string& year) {
    std::filesystem::path out = work_.path() / ("r-" + coder);
    Run("report --quiet --format csv,md --out " + out.string() + (coder.empty() ? "" : " --coder " + coder));
    for (const auto& r : ReadCsv(ReadFile(out / "frequencies.csv"), "frequencies.csv")) {
      if (r[0] == "frequency" && r[1] == code && r[5] == year && r[7] == "coded_turns") return r[8];
    }
    return std::string("none");
  };
  coded_turns("", "kartrekker", "2022");
  EXPECT_EQ(coded_turns("auto", "financiering", "2021"), "3");  // geld, subsidie, subsidie
  EXPECT_EQ(coded_turns("marieke", "financiering", "2021"), "2");  // turn 2 rejected
  EXPECT_EQ(coded_turns("auto", "kartrekker", "2022"), "0");
  EXPECT_EQ(coded_turns("marieke", "kartrekker", "2022"), "1");
  EXPECT_THAT(ReadFile(work_.path() / "r-marieke/report.md"), HasSubstr("De weergave van marieke"));
  // Quotes take the same view: the rejected turn is no quote of marieke's.
  std::string quotes = " quotes --code financiering --year 2021 --per-code 5 --format csv";
  EXPECT_THAT(Run(quotes + " --coder auto").out, HasSubstr("Er is geen geld meer"));
  EXPECT_THAT(Run(quotes + " --coder marieke").out, Not(HasSubstr("Er is geen geld meer")));
  EXPECT_THAT(Run(quotes + " --coder marieke").out, HasSubstr("De subsidie hield ons bij elkaar"));
  EXPECT_THAT(ReadFile(work_.path() / "r-/report.md"), HasSubstr("Alle codeurs (marieke)"));
}

TEST_F(Researcher, ReviewsInASpreadsheetComeBackAllOrNothing) {
  std::filesystem::path csv = work_.path() / "review.csv";
  ASSERT_EQ(Run("export codings --coder marieke --no-pseudonymise --out " + csv.string()).status, 0);
  std::vector<std::vector<std::string>> rows = ReadCsv(ReadFile(csv), "review.csv");
  ASSERT_GE(rows.size(), 3u);
  rows[1][12] = "rejected";
  rows[1][13] = "te breed";
  // A row the researcher typed: the code by its words, without offsets.
  rows.push_back({a_, "", "", "4", "", "kartrekker", "", "", "", "", "", "kartrekker is vertrokken", "", "mist de trekker"});
  std::vector<std::string> bad = rows.back();
  bad[11] = "staat er niet";
  std::vector<std::vector<std::string>> with_bad = rows;
  with_bad.push_back(bad);
  auto write = [&](const std::vector<std::vector<std::string>>& table) {
    std::string text;
    for (const auto& r : table) text += CsvRow(r);
    work_.Write("review.csv", text);
  };
  write(with_bad);
  testing::CliResult failed = Run("import codings " + csv.string() + " --coder marieke");
  EXPECT_EQ(failed.status, 2);
  EXPECT_THAT(failed.out, HasSubstr(fmt::format("review.csv:row {}: the text 'staat er niet' does not occur in turn 4",
                                                with_bad.size())));
  EXPECT_THAT(failed.out, HasSubstr("nothing was imported"));
  EXPECT_THAT(Run("coding list").out, HasSubstr("0 entries"));

  write(rows);
  EXPECT_EQ(Run("import codings " + csv.string() + " --coder marieke").status, 0);
  EXPECT_EQ(Run("import codings " + csv.string() + " --coder marieke").status, 0);  // again: nothing doubles
  std::vector<std::vector<std::string>> back = Codings("marieke");
  int manual = 0;
  for (const auto& r : back) {
    if (r[7] == "marieke") {
      ++manual;
      EXPECT_EQ(r[11], "kartrekker is vertrokken");
      EXPECT_EQ(r[13], "mist de trekker");
    }
    if (r[0] == rows[1][0] && r[3] == rows[1][3] && r[5] == rows[1][5] && r[7] == "auto") {
      EXPECT_EQ(r[12], "rejected");
      EXPECT_EQ(r[13], "te breed");
    }
  }
  EXPECT_EQ(manual, 1);
}

// The sheet as a Dutch researcher saves it: opened in a spreadsheet program (LibreOffice Calc here), saved as
// .xlsx, then as CSV the way Excel with Dutch settings writes it: semicolons, Windows-1252.
TEST_F(Researcher, AReviewSheetComesBackThroughASpreadsheetProgram) {
  if (std::system("command -v soffice > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "LibreOffice (soffice) is not installed (scripts/install-deps.sh installs it)";
  }
  std::filesystem::path csv = work_.path() / "review.csv";
  ASSERT_EQ(Run("export codings --coder marieke --no-pseudonymise --out " + csv.string()).status, 0);
  std::vector<std::vector<std::string>> rows = ReadCsv(ReadFile(csv), "review.csv");
  ASSERT_GE(rows.size(), 3u);
  rows[1][12] = "rejected";
  rows[1][13] = "geïnteresseerd, maar ‘niet’ financieel";  // ‘ ’ exist in Windows-1252, ï too
  rows.push_back({a_, "", "", "4", "", "kartrekker", "-", "", "", "", "", "kartrekker is vertrokken", "", "café"});
  std::string text;
  for (const auto& r : rows) text += CsvRow(r);
  work_.Write("review.csv", text);
  std::string soffice = "cd " + work_.path().string() + " && HOME=" + work_.path().string() + " timeout 180 soffice --headless ";
  ASSERT_EQ(std::system((soffice + "--infilter=CSV:44,34,76,1 --convert-to xlsx review.csv > /dev/null 2>&1").c_str()), 0);
  std::filesystem::remove(csv);
  ASSERT_EQ(std::system((soffice + "--convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1' review.xlsx > /dev/null 2>&1").c_str()), 0);
  std::string saved = ReadFile(csv);
  ASSERT_THAT(saved, HasSubstr(";"));
  ASSERT_THAT(saved, HasSubstr("caf\xE9"));  // Windows-1252, not UTF-8

  testing::CliResult imported = Run("import codings " + csv.string() + " --coder marieke");
  ASSERT_EQ(imported.status, 0) << imported.out;
  std::vector<std::vector<std::string>> back = Codings("marieke");
  int checked = 0;
  for (const auto& r : back) {
    if (r[7] == "marieke") {
      EXPECT_EQ(r[11], "kartrekker is vertrokken");
      EXPECT_EQ(r[6], "-");
      EXPECT_EQ(r[13], "café");
      ++checked;
    }
    if (r[0] == rows[1][0] && r[3] == rows[1][3] && r[5] == rows[1][5] && r[7] == "auto") {
      EXPECT_EQ(r[12], "rejected");
      EXPECT_EQ(r[13], "geïnteresseerd, maar ‘niet’ financieel");
      ++checked;
    }
  }
  EXPECT_GE(checked, 2);
}

// The default export is pseudonymised (document keys, not files): loading it back says why it cannot be matched.
TEST_F(Researcher, APseudonymisedExportIsNotTakenForAReviewSheet) {
  std::filesystem::path csv = work_.path() / "hidden.csv";
  testing::CliResult exported = Run("export codings --coder marieke --out " + csv.string());
  ASSERT_EQ(exported.status, 0);
  EXPECT_THAT(exported.out, HasSubstr("note: pseudonymised"));
  std::vector<std::vector<std::string>> rows = ReadCsv(ReadFile(csv), "hidden.csv");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], "INT-2021-01");
  EXPECT_EQ(rows[1][4], "R1");
  rows[1][12] = "rejected";
  std::string text;
  for (const auto& r : rows) text += CsvRow(r);
  work_.Write("hidden.csv", text);
  testing::CliResult failed = Run("import codings " + csv.string() + " --coder marieke");
  EXPECT_EQ(failed.status, 2);
  EXPECT_THAT(failed.out, HasSubstr("row 2: there is no turn"));
  EXPECT_THAT(failed.out, HasSubstr("--no-pseudonymise"));
  EXPECT_THAT(Run("coding list").out, HasSubstr("0 entries"));
  // A key from a quote or an export leads back to its document.
  testing::CliResult review = Run("review INT-2021-01 " + rows[1][3] + " " + rows[1][5] + " reject --coder marieke");
  ASSERT_EQ(review.status, 0) << review.out;
  std::string list = Run("coding list").out;
  EXPECT_THAT(list, HasSubstr(a_ + "#" + rows[1][3] + " "));
  EXPECT_THAT(list, HasSubstr("reject " + rows[1][5]));
  EXPECT_THAT(Run("explain FG-2030-01 1").out, HasSubstr("FG-2030-01: no such document in the database"));
}

TEST_F(Researcher, AChangedTranscriptKeepsTheWorkOrListsItAsOrphaned) {
  ASSERT_EQ(Run("coding add " + a_ + " 4 kartrekker --text 'kartrekker is vertrokken' --coder marieke").status, 0);
  ASSERT_EQ(Run("coding add " + a_ + " 6 financiering --coder marieke").status, 0);
  // A new first exchange shifts every turn by two; turn 6 (now 8) loses its words.
  corpus_.Write("2021/interview-a.txt",
                "I: Welkom.\nR: Dank je.\n"
                "I: Hoe gaat het met de coalitie?\n"
                "R: Er is geen geld meer. De subsidie is op.\n"
                "I: En de trekker?\n"
                "R: Eerlijk: onze kartrekker is vertrokken. De subsidie was ook het probleem.\n"
                "I: Nog iets?\n"
                "R: Nee.\n");
  testing::CliResult ingest = Run("ingest " + corpus_.path().string() + " --quiet");
  EXPECT_THAT(ingest.out, HasSubstr("2021/interview-a.txt: 1 of the researchers' codings"));
  EXPECT_EQ(Run("code --quiet --codebook " + (SourceDir() / "tests/data/mini-codebook.yaml").string()).status, 0);
  testing::CliResult orphans = Run("coding orphans");
  EXPECT_THAT(orphans.out, HasSubstr("ORPHANED: the text of turn 6 changed"));
  EXPECT_THAT(orphans.out, HasSubstr("1 orphaned"));
  bool placed = false;
  for (const auto& r : Codings("marieke")) {
    placed |= r[7] == "marieke" && r[3] == "6" && r[11] == "kartrekker is vertrokken";
  }
  EXPECT_TRUE(placed);
}

TEST_F(Researcher, AgreementCountsOnlyTurnsBothHaveSeen) {
  // marieke read interview a; she never saw interview b. The rules code financiering on turns 2, 4 and 6
  // (geld, subsidie, subsidie); she accepts it on 2, codes 6 herself and leaves 4 unreviewed: not her yes.
  ASSERT_EQ(Run("coding seen " + a_ + " --coder marieke").status, 0);
  ASSERT_EQ(Run("review " + a_ + " 2 financiering accept --coder marieke").status, 0);
  ASSERT_EQ(Run("coding add " + a_ + " 6 financiering --coder marieke").status, 0);
  testing::CliResult agree = Run("agree --coder auto --coder marieke --code financiering");
  ASSERT_EQ(agree.status, 0) << agree.out;
  // Respondent turns of a: 2, 4, 6; interviewer turns are seen by marieke but not by auto.
  EXPECT_THAT(agree.out, HasSubstr("over 3 turns both have seen"));
  // both 2 and 6, only auto 4: agreement 2/3; p_e = 1 · 2/3 = 2/3, so kappa = 0.
  EXPECT_THAT(agree.out, HasSubstr("| financiering | 2 | 1 | 0 | 0 | 0.667 | 0.000 |"));
  EXPECT_THAT(Run("agree --coder auto --coder nobody").out, HasSubstr("'nobody' has no codings"));
}

TEST_F(Researcher, SuggestFindsTheWordsOfHumanCodingsTheRulesMiss) {
  for (int turn : {2, 4, 6}) ASSERT_EQ(Run(fmt::format("coding add {} {} financiering --coder marieke", a_, turn)).status, 0);
  testing::CliResult suggest = Run("suggest --code financiering --min-turns 3 --codebook " +
                                   (SourceDir() / "tests/data/mini-codebook.yaml").string());
  ASSERT_EQ(suggest.status, 0) << suggest.out;
  EXPECT_THAT(suggest.out, HasSubstr("subsidie"));
  EXPECT_THAT(suggest.out, HasSubstr("«subsidie»"));
  EXPECT_THAT(suggest.out, HasSubstr("missed by the rules"));
}

TEST_F(Researcher, AQdaProjectGoesOutAndItsCodingsComeBack) {
  ASSERT_EQ(Run("coding add " + a_ + " 4 kartrekker --text 'kartrekker is vertrokken' --coder marieke").status, 0);
  std::filesystem::path qdpx = work_.path() / "project.qdpx";
  testing::CliResult out = Run("export qdpx " + qdpx.string());
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_THAT(out.out, HasSubstr("not pseudonymised"));
  EXPECT_EQ(std::filesystem::status(qdpx).permissions() & std::filesystem::perms::others_all, std::filesystem::perms::none);
  testing::CliResult dry = Run("import qdpx " + qdpx.string() + " --coder atlas --dry-run");
  EXPECT_THAT(dry.out, HasSubstr("Sources: 2 matched, 0 not matched"));
  EXPECT_THAT(dry.out, HasSubstr("nothing was changed"));
  EXPECT_THAT(Run("coding list --coder atlas").out, HasSubstr("0 entries"));
  ASSERT_EQ(Run("import qdpx " + qdpx.string() + " --coder atlas").status, 0);
  // atlas now holds every coding of the project as its own: agreement with its source is perfect.
  testing::CliResult agree = Run("agree --coder marieke --coder atlas --code kartrekker");
  EXPECT_THAT(agree.out, HasSubstr("| kartrekker | 1 | 0 | 0 |")) << agree.out;
}

TEST_F(Researcher, CodebooksComeFromQuantedaAndLiwcAndGoToQdc) {
  std::filesystem::path yaml = work_.path() / "from-quanteda.yaml";
  auto cli = [](const std::string& args) { return testing::RunCli(args); };  // codebook commands take no --db
  ASSERT_EQ(cli("codebook import " + (SourceDir() / "tests/data/formats/quanteda-nl.yml").string() + " --out " +
                yaml.string()).status, 0);
  ASSERT_EQ(Run("code --quiet --codebook " + yaml.string()).status, 0);
  EXPECT_GT(Codings("auto").size(), 1u);
  std::filesystem::path dic_yaml = work_.path() / "from-liwc.yaml";
  EXPECT_EQ(cli("codebook import " + (SourceDir() / "tests/data/formats/liwc-nl.dic").string() + " --out " +
                dic_yaml.string()).status, 0);
  testing::CliResult broken = cli("codebook import " + (SourceDir() / "tests/data/formats/liwc-kapot.dic").string());
  EXPECT_EQ(broken.status, 2);
  EXPECT_THAT(broken.out, HasSubstr("liwc-kapot.dic:6:10"));
  std::filesystem::path qdc = work_.path() / "codebook.qdc";
  ASSERT_EQ(cli("codebook export " + (SourceDir() / "codebook/kansrijke-start.yaml").string() + " --out " +
                qdc.string()).status, 0);
  EXPECT_THAT(ReadFile(qdc), HasSubstr("urn:QDA-XML:codebook:1.0"));
  std::filesystem::path back = work_.path() / "back.yaml";
  ASSERT_EQ(cli("codebook import " + qdc.string() + " --out " + back.string()).status, 0);
  EXPECT_THAT(ReadFile(back), HasSubstr("manual: true"));
}

}  // namespace
}  // namespace kansrijk
