// Runs the kansrijk binary as a user would, on the bundled corpus and on small folders.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::SourceDir;
using testing::TempDir;

struct Result {
  int status = -1;
  std::string out;  // stdout and stderr
};

Result Cli(const std::string& args) {
  std::string command = std::string(KANSRIJK_CLI) + " " + args + " 2>&1";
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) result.out.append(buffer.data(), n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class BundledCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = new TempDir();
    Result ingest = Cli("ingest " + (SourceDir() / "corpus").string() + " --db " + Db());
    ASSERT_EQ(ingest.status, 0) << ingest.out;
  }
  static void TearDownTestSuite() { delete work_; }
  static std::string Db() { return (work_->path() / "k.db").string(); }
  static TempDir* work_;
};
TempDir* BundledCorpus::work_ = nullptr;

// make run writes reports/corpus.md; a fresh ingest must reproduce it byte for byte.
TEST_F(BundledCorpus, ReproducesTheCommittedOverview) {
  std::filesystem::path out = work_->path() / "corpus.md";
  ASSERT_EQ(Cli("stats --format md --db " + Db() + " --out " + out.string()).status, 0);
  EXPECT_EQ(ReadFile(out), ReadFile(SourceDir() / "reports" / "corpus.md"))
      << "run `make run` and commit reports/corpus.md";
}

TEST_F(BundledCorpus, EveryYearAndFormatIsIngested) {
  Result turns = Cli("export turns --format csv --db " + Db());
  ASSERT_EQ(turns.status, 0);
  for (const char* needle : {",\"2019\",", ",\"2020\",", ",\"2021\",", ",\"2022\",", ".vtt\"", ".srt\"", ".docx\"",
                             ".md\"", ".txt\"", "\"focusgroep\"", "\"interview\""}) {
    EXPECT_THAT(turns.out, HasSubstr(needle));
  }
  Result again = Cli("ingest " + (SourceDir() / "corpus").string() + " --db " + Db());
  EXPECT_THAT(again.out, HasSubstr("0 added, 0 updated"));
}

TEST_F(BundledCorpus, SearchFindsCompoundsAndReportsBadQueries) {
  Result found = Cli("search tekort --speakers respondent --db " + Db());
  EXPECT_EQ(found.status, 0);
  EXPECT_THAT(found.out, HasSubstr("«"));
  Result bad = Cli("search '\"geld' --db " + Db());
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.out, HasSubstr("cannot read the search query"));
}

TEST(Cli, ExportTurnsGivesTheDocumentedColumns) {
  TempDir corpus, work;
  corpus.Write("2021/interview-a.txt", "[00:00:05] I: Hoe gaat het?\n[00:00:09] R: Goed,\n  echt   goed.\n");
  std::string db = (work.path() / "k.db").string();
  ASSERT_EQ(Cli("ingest " + corpus.path().string() + " --quiet --db " + db).status, 0);
  Result csv = Cli("export turns --db " + db);
  EXPECT_EQ(csv.out,
            "\"file\",\"year\",\"type\",\"turn\",\"speaker\",\"is_interviewer\",\"start_time\",\"text\"\r\n"
            "\"2021/interview-a.txt\",\"2021\",\"interview\",\"1\",\"I\",\"1\",\"00:00:05.000\",\"Hoe gaat het?\"\r\n"
            "\"2021/interview-a.txt\",\"2021\",\"interview\",\"2\",\"R\",\"0\",\"00:00:09.000\",\"Goed, echt goed.\"\r\n");
  Result json = Cli("export turns --format json --speakers respondent --db " + db);
  EXPECT_THAT(json.out, HasSubstr("\"text\": \"Goed, echt goed.\""));
  EXPECT_THAT(json.out, ::testing::Not(HasSubstr("Hoe gaat het")));
}

TEST(Cli, ErrorsExitWithStatusTwo) {
  TempDir corpus, work;
  corpus.Write("2021/interview-a.txt", "");
  Result ingest = Cli("ingest " + corpus.path().string() + " --db " + (work.path() / "k.db").string());
  EXPECT_EQ(ingest.status, 2);
  EXPECT_THAT(ingest.out, HasSubstr("error: 2021/interview-a.txt: the file is empty"));
  Result missing = Cli("stats --db " + (work.path() / "none.db").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.out, HasSubstr("no database here"));
}

}  // namespace
}  // namespace kansrijk
