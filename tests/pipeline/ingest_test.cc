#include "pipeline/ingest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <sstream>

#include "report/corpus_overview.h"
#include "search/search.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StrEq;
using ::testing::ThrowsMessage;
using testing::TempDir;

class IngestTest : public ::testing::Test {
 protected:
  IngestSummary Run(bool prune = false) {
    Store store = Store::Open(db_);
    IngestSummary summary = Ingest(store, {corpus_.path(), prune, 2, nullptr});
    store.CheckIndex();
    return summary;
  }
  std::vector<std::string> Files() {
    std::vector<std::string> out;
    for (const StoredDocument& d : Store::Open(db_).Documents()) out.push_back(d.file);
    return out;
  }
  std::string Errors(const IngestSummary& s) {
    std::string out;
    for (const Error& e : s.errors) out += std::string(e.what()) + "\n";
    return out;
  }

  TempDir corpus_, work_;
  std::filesystem::path db_ = work_.path() / "k.db";
};

TEST_F(IngestTest, SkipsUnchangedAndReimportsChangedFiles) {
  corpus_.Write("2021/interview-a.txt", "I: Vraag?\nR: Te weinig geld.\n");
  corpus_.Write("2021/interview-b.txt", "I: Vraag?\nR: Genoeg mensen.\n");
  IngestSummary first = Run();
  EXPECT_EQ(first.added, 2);
  IngestSummary second = Run();
  EXPECT_EQ(second.unchanged, 2);
  EXPECT_EQ(second.added + second.updated, 0);

  corpus_.Write("2021/interview-a.txt", "I: Vraag?\nR: Nu is er een personeelstekort.\n");
  IngestSummary third = Run();
  EXPECT_EQ(third.updated, 1);
  EXPECT_EQ(third.unchanged, 1);
  Store store = Store::Open(db_);
  EXPECT_TRUE(Search(store, {.query = "geld"}).empty());  // the old text is gone from the index
  EXPECT_EQ(Search(store, {.query = "tekort"}).size(), 1u);
}

// A database inside the corpus folder, open while ingest walks the folder (its -wal and -shm files exist then),
// is not reported as a skipped file.
TEST_F(IngestTest, DatabaseInsideTheCorpusIsNotASkippedFile) {
  corpus_.Write("2021/interview-a.txt", "I: Vraag?\nR: Te weinig geld.\n");
  Store store = Store::Open(corpus_.path() / "kansrijk.db");
  IngestSummary summary = Ingest(store, {corpus_.path(), false, 1, nullptr});
  EXPECT_EQ(summary.added, 1);
  EXPECT_TRUE(summary.warnings.empty()) << summary.warnings[0].ToString();
}

TEST_F(IngestTest, ManifestChangeReimports) {
  corpus_.Write("2021/interview-a.txt", "R: Ja.\n");
  corpus_.Write("manifest.csv", "file,year,type,role\n2021/interview-a.txt,2021,interview,ouder\n");
  Run();
  corpus_.Write("manifest.csv", "file,year,type,role\n2021/interview-a.txt,2021,interview,projectleider\n");
  EXPECT_EQ(Run().updated, 1);
  Store store = Store::Open(db_);
  EXPECT_EQ(store.Turns({.roles = {"Projectleider"}}).size(), 1u);
  EXPECT_TRUE(store.Turns({.roles = {"ouder"}}).empty());
}

TEST_F(IngestTest, DeletedFilesAreReportedThenPruned) {
  corpus_.Write("2021/interview-a.txt", "R: Ja.\n");
  corpus_.Write("2021/interview-b.txt", "R: Nee.\n");
  Run();
  std::filesystem::remove(corpus_.path() / "2021/interview-b.txt");
  IngestSummary kept = Run();
  EXPECT_EQ(kept.missing, (std::vector<std::string>{"2021/interview-b.txt"}));
  EXPECT_EQ(Files().size(), 2u);
  IngestSummary pruned = Run(/*prune=*/true);
  EXPECT_EQ(pruned.removed, (std::vector<std::string>{"2021/interview-b.txt"}));
  EXPECT_EQ(Files(), (std::vector<std::string>{"2021/interview-a.txt"}));
}

TEST_F(IngestTest, BadFilesAreReportedAndTheRestIsStored) {
  corpus_.Write("2021/interview-goed.txt", "R: Ja.\n");
  corpus_.Write("2021/interview-leeg.txt", "");
  corpus_.Write("2021/interview-kapot.docx", "geen zip");
  corpus_.Write("2021/focusgroep.vtt", "00:00:01.000 --> 00:00:02.000\nHoi\n");
  IngestSummary summary = Run();
  EXPECT_EQ(summary.added, 1);
  std::string errors = Errors(summary);
  EXPECT_THAT(errors, HasSubstr("2021/interview-leeg.txt: the file is empty"));
  EXPECT_THAT(errors, HasSubstr("2021/interview-kapot.docx: not a valid .docx"));
  EXPECT_THAT(errors, HasSubstr("2021/focusgroep.vtt:1: not a WebVTT file"));
}

TEST_F(IngestTest, AFileThatBreaksKeepsItsStoredVersion) {
  corpus_.Write("2021/interview-a.txt", "R: Te weinig geld.\n");
  Run();
  corpus_.Write("2021/interview-a.txt", "");
  IngestSummary broken = Run(/*prune=*/true);
  EXPECT_EQ(broken.errors.size(), 1u);
  EXPECT_TRUE(broken.removed.empty());
  EXPECT_EQ(Search(Store::Open(db_), {.query = "geld"}).size(), 1u);
}

// Without interviewers.txt or a manifest column, the interviewer is guessed; the guess and every other reader
// warning is stored with its document and shown by `kansrijk stats` (the corpus overview), not by the ingest
// summary's overview, which prints them once below it.
TEST_F(IngestTest, InterviewerGuessAndReaderWarningsAreStoredAndShownByStats) {
  corpus_.Write("2023/interview-otter.txt",
                testing::ReadFile(testing::SourceDir() / "tests/data/formats/otter.txt"));
  corpus_.Write("2023/interview-kop-voet.pdf",
                testing::ReadFile(testing::SourceDir() / "tests/data/formats/interview-kop-voet.pdf"));
  IngestSummary summary = Run();
  ASSERT_EQ(summary.added, 2) << Errors(summary);
  Store store = Store::Open(db_);
  std::vector<std::string> warnings = store.DocumentWarnings();
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_THAT(warnings[0], HasSubstr("2023/interview-kop-voet.pdf: left out 6 line(s)"));
  EXPECT_EQ(warnings[1], "2023/interview-otter.txt: interviewer guessed: Hurst, Peter (4 of 5 turns are questions); "
                         "if that is wrong, name the interviewer in interviewers.txt or in the manifest's "
                         "interviewers column");
  std::vector<CorpusStats> stats = store.Stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].turns, 18);
  EXPECT_EQ(stats[0].respondent_turns, 4 + 5);  // Anouk Visser's 4, and the PDF's title and 4 Respondent turns

  std::ostringstream overview, summary_out, diagnostics;
  WriteCorpusOverview(store, OverviewFormat::kText, overview);
  EXPECT_THAT(overview.str(), HasSubstr("2 warning(s) from reading the transcripts:\n  2023/interview-kop-voet.pdf: "));
  EXPECT_THAT(overview.str(), HasSubstr("\n  2023/interview-otter.txt: interviewer guessed: Hurst, Peter"));
  std::ostringstream markdown;
  WriteCorpusOverview(store, OverviewFormat::kMarkdown, markdown);
  EXPECT_THAT(markdown.str(), HasSubstr("## Warnings from reading the transcripts\n\n- 2023/interview-kop-voet.pdf"));
  WriteIngestSummary(summary, store, "corpus", "k.db", false, summary_out, diagnostics);
  EXPECT_THAT(summary_out.str(), ::testing::Not(HasSubstr("interviewer guessed")));
  EXPECT_THAT(diagnostics.str(), HasSubstr("warning: 2023/interview-otter.txt: interviewer guessed: Hurst, Peter"));

  // Named in interviewers.txt: no guess, and the stored warning goes with the re-read document.
  corpus_.Write("interviewers.txt", "Hurst, Peter\n");
  Run();
  warnings = Store::Open(db_).DocumentWarnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("interview-kop-voet.pdf"));
}

TEST_F(IngestTest, DatabaseIsPrivate) {
  corpus_.Write("2021/interview-a.txt", "R: Ja.\n");
  Run();
  struct stat info;
  ASSERT_EQ(stat(db_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u);
}

TEST_F(IngestTest, RefusesAnotherCorpusInTheSameDatabase) {
  corpus_.Write("2021/interview-a.txt", "R: Ja.\n");
  Run();
  TempDir other;
  other.Write("2021/interview-x.txt", "R: Ja.\n");
  Store store = Store::Open(db_);
  EXPECT_THAT([&] { Ingest(store, {other.path()}); },
              ThrowsMessage<kansrijk::Error>(
                  AllOf(HasSubstr("this database holds the corpus " + corpus_.path().string()),
                        HasSubstr("not " + other.path().string()),
                        HasSubstr("(hint: give each corpus its own database with --db FILE)"))));
}

// A run killed halfway leaves only whole documents, and the next run completes the job.
TEST_F(IngestTest, InterruptedRunIsCompletedByTheNext) {
  for (int i = 0; i < 6; ++i) {
    corpus_.Write("2021/interview-" + std::to_string(i) + ".txt", "I: Vraag?\nR: Antwoord " + std::to_string(i) + ".\n");
  }
  {
    Store store = Store::Open(db_);
    IngestOptions options{corpus_.path(), false, 2, nullptr};
    options.progress = [](size_t done, size_t, const std::string&) {
      if (done == 3) throw std::runtime_error("killed");
    };
    // Not a document's failure: it leaves Ingest as it was thrown.
    EXPECT_THAT([&] { Ingest(store, options); }, ThrowsMessage<std::runtime_error>(StrEq("killed")));
  }
  {
    Store store = Store::Open(db_);
    for (const StoredDocument& d : store.Documents()) EXPECT_EQ(d.turns, 2) << d.file;  // never half a document
    EXPECT_EQ(store.Documents().size(), 3u);
  }
  IngestSummary rerun = Run();
  EXPECT_EQ(rerun.added, 3);
  EXPECT_EQ(rerun.unchanged, 3);
}

}  // namespace
}  // namespace kansrijk
