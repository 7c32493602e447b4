// Importing a reviewed codings sheet (exchange/codings_csv.h): what `export codings` writes comes back as the
// same work, and a sheet with a bad row changes nothing and says which row. In-process;
// tests/e2e/researcher_test.cc runs the same through the CLI.
#include "exchange/codings_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "base/csv.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "export/codings.h"
#include "normalize/morphology.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::SourceDir;
using testing::TempDir;
using Kind = ManualWork::Kind;

const std::string kFile = "2021/interview-a.txt";
const std::string kTurn4 = "Onze kartrekker is vertrokken. De subsidie was ook het probleem.";

class CodingsCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write(kFile, "I: Hoe gaat het?\nR: Er is geen geld meer. De subsidie is op.\n"
                         "I: En de trekker?\nR: " + kTurn4 + "\n");
    for (Store* store : {&store_, &other_}) {
      Ingest(*store, {.corpus = corpus_.path()});
      CodeCorpus(*store, book_, Coder(book_, morphology_));
    }
  }
  // The sheet `export codings --no-pseudonymise --coder marieke` writes, as rows.
  std::vector<std::vector<std::string>> Export(const Store& store) {
    std::ostringstream out;
    ExportCodings(store, {}, "marieke", nullptr, TableFormat::kCsv, out);
    return ReadCsv(out.str(), "export");
  }
  std::filesystem::path Write(const std::vector<std::vector<std::string>>& rows) {
    std::string text;
    for (const auto& row : rows) text += CsvRow(row);
    return work_.Write("review.csv", text);
  }
  // marieke's view of a store, one line per coding.
  std::vector<std::string> View(const Store& store) {
    std::vector<std::string> out;
    for (const CodingRow& c : store.Codings({}, {.coder = "marieke", .with_rejected = true})) {
      out.push_back(std::to_string(c.turn.number) + " " + c.code + " " + c.coder + " " + c.valence + " [" +
                    c.turn.text.substr(c.span.begin, c.span.size()) + "] " + c.status + " " + c.memo);
    }
    return out;
  }

  TempDir corpus_, work_;
  Store store_ = Store::Open(work_.path() / "k.db");
  Store other_ = Store::Open(work_.path() / "other.db");
  Morphology morphology_ = Morphology::Load();
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
};

// marieke's work in one database, exported and imported into another with the same corpus: the same view.
TEST_F(CodingsCsvTest, RoundTripsAResearchersWork) {
  store_.AddManual({.kind = Kind::kCode, .coder = "marieke", .file = kFile, .turn = 4, .span = Span{5, 15},
                    .code = "kartrekker", .valence = '-', .memo = "weg"});  // "kartrekker"
  store_.AddManual({.kind = Kind::kReject, .coder = "marieke", .file = kFile, .turn = 2, .code = "financiering",
                    .memo = "gaat over subsidie"});
  ASSERT_EQ(kTurn4.substr(5, 10), "kartrekker");
  std::filesystem::path csv = Write(Export(store_));

  CodingsImport imported = ImportCodingsCsv(other_, csv, "marieke");
  EXPECT_TRUE(imported.errors.empty());
  EXPECT_EQ(imported.added, 1);
  EXPECT_EQ(imported.rejected, 1);
  EXPECT_EQ(imported.accepted, 0);
  EXPECT_EQ(imported.memos, 2);
  EXPECT_EQ(View(other_), View(store_));
  EXPECT_THAT(View(other_), ::testing::Contains("4 kartrekker marieke - [kartrekker]  weg"));
  EXPECT_THAT(View(other_), ::testing::Contains("2 financiering auto - [geld] rejected gaat over subsidie"));

  // Imported again, nothing doubles; and the sheet of the copy is the sheet of the original.
  ImportCodingsCsv(other_, csv, "marieke");
  EXPECT_EQ(other_.ManualWorkList({}).size(), store_.ManualWorkList({}).size());
  EXPECT_EQ(Export(other_), Export(store_));
}

// A typed row (code and text, no offsets) is placed by its text; status removed takes a coding out again.
TEST_F(CodingsCsvTest, PlacesATypedRowByItsTextAndRemovesOnRequest) {
  std::vector<std::vector<std::string>> rows = Export(store_);
  ASSERT_FALSE(rows.empty());
  rows.push_back({kFile, "", "", "4", "", "kartrekker", "", "", "", "", "", "kartrekker is vertrokken", "", ""});
  CodingsImport imported = ImportCodingsCsv(store_, Write(rows), "marieke");
  ASSERT_TRUE(imported.errors.empty()) << imported.errors.front().what();
  std::vector<ManualWork> work = store_.ManualWorkList({.coder = "marieke"});
  ASSERT_EQ(work.size(), 1u);
  EXPECT_EQ(work[0].span_text, "kartrekker is vertrokken");
  EXPECT_EQ(work[0].valence, '+');  // kartrekker is a facilitator: its default

  rows.back()[12] = "removed";
  imported = ImportCodingsCsv(store_, Write(rows), "marieke");
  EXPECT_EQ(imported.removed, 1);
  EXPECT_TRUE(store_.ManualWorkList({.coder = "marieke"}).empty());
}

// Every bad row is reported at review.csv:row N, and none of the good rows is applied.
TEST_F(CodingsCsvTest, ABadRowIsReportedAndNothingIsApplied) {
  std::vector<std::vector<std::string>> rows = Export(store_);
  ASSERT_GE(rows.size(), 3u);
  rows[1][12] = "rejected";                                                                     // good
  rows.push_back({kFile, "", "", "4", "", "kartrekker", "", "", "", "", "", "kartrekker", "", ""});  // good
  rows.push_back({kFile, "", "", "4", "", "kartrekker", "", "", "", "", "", "staat er niet", "", ""});
  const size_t text_row = rows.size();
  rows.push_back({kFile, "", "", "9", "", "kartrekker", "", "", "", "", "", "", "", ""});
  const size_t turn_row = rows.size();
  rows.push_back({kFile, "", "", "4", "", "onzin", "", "", "", "", "", "", "", ""});
  const size_t code_row = rows.size();
  std::filesystem::path csv = Write(rows);

  CodingsImport imported = ImportCodingsCsv(store_, csv, "marieke");
  ASSERT_EQ(imported.errors.size(), 3u);
  const std::string name = csv.string();
  EXPECT_THAT(imported.errors[0].what(),
              HasSubstr(name + ":row " + std::to_string(text_row) +
                        ": the text 'staat er niet' does not occur in turn 4 (hint: copy the words exactly from the turn"));
  EXPECT_THAT(imported.errors[1].what(),
              HasSubstr(name + ":row " + std::to_string(turn_row) + ": there is no turn 9 in '" + kFile + "'"));
  EXPECT_THAT(imported.errors[2].what(),
              HasSubstr(name + ":row " + std::to_string(code_row) + ": 'onzin' is not a code of the codebook"));
  EXPECT_EQ(imported.added + imported.rejected + imported.accepted + imported.removed, 0);
  EXPECT_TRUE(store_.ManualWorkList({}).empty());  // the good rows are not applied either
}

TEST_F(CodingsCsvTest, ASheetWithoutTheNeededColumnsIsRefused) {
  std::filesystem::path csv = Write({{"file", "code"}, {kFile, "kartrekker"}});
  EXPECT_THAT([&] { ImportCodingsCsv(store_, csv, "marieke"); },
              ::testing::ThrowsMessage<kansrijk::Error>(
                  HasSubstr(csv.string() + ":row 1: there is no column 'turn' (hint: the first row names")));
}

}  // namespace
}  // namespace kansrijk
