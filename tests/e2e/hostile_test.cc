// Hostile inputs and faults, tried on the built binary as a user would meet them (docs/reliability.md lists each
// with its outcome): files made to crash, hang or escape a reader; a deeply nested or catastrophic codebook;
// markup and formulas in transcript text; a file size limit in the middle of a write; a read-only database.
#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <tuple>

#include "base/csv.h"
#include "test_util.h"

namespace kansrijk {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;
using testing::SourceDir;
using testing::TempDir;

testing::CliResult Cli(const std::string& args) { return testing::RunCli(args); }
std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

std::string Docx(const std::string& document_xml) { return testing::Zip({{"word/document.xml", document_xml}}); }
std::string WordBody(const std::string& text) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>)" +
         text + "</w:t></w:r></w:p></w:body></w:document>";
}
std::string Odt(const std::string& text) {
  return testing::Zip(
      {{"mimetype", "application/vnd.oasis.opendocument.text"},
       {"content.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>)" +
            text + "</text:p></office:text></office:body></office:document-content>"}});
}

// Every reader, given a NUL and invalid UTF-8, and the archive and XML tricks: each file is named in ingest's
// output, the run ends normally, the database passes `check`, and a second run changes nothing.
TEST(HostileInput, EveryReaderGetsNulInvalidUtf8AndTricks) {
  TempDir dir;
  const fs::path corpus = dir.path() / "corpus";
  const std::string nul("\0", 1), bad = "\xC3\xA9\xE9\xFF";
  std::map<std::string, std::string> files = {
      {"2021/interview-nul.txt", "R: hal" + nul + "lo\nI: verder?\n"},
      {"2021/interview-bad.txt", "R: goed " + bad + "\n"},
      {"2021/interview-nul.md", "R: hal" + nul + "lo\n"},
      {"2021/interview-bad.md", "R: goed " + bad + "\n"},
      {"2021/interview-nul.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Petra>hal" + nul + "lo\n"},
      {"2021/interview-bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Petra>goed " + bad + "\n"},
      {"2021/interview-nul.srt", "1\n00:00:01,000 --> 00:00:02,000\nPetra: hal" + nul + "lo\n"},
      {"2021/interview-bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nPetra: goed " + bad + "\n"},
      {"2021/interview-nul.docx", Docx(WordBody("R: hal" + nul + "lo"))},
      {"2021/interview-bad.docx", Docx(WordBody("R: goed " + bad))},
      {"2021/interview-nul.odt", Odt("R: hal" + nul + "lo")},
      {"2021/interview-bad.odt", Odt("R: goed " + bad)},
      // An archive entry that climbs out, beside a good document: nothing is ever extracted, only read.
      {"2021/interview-slip.docx", testing::Zip({{"../../../slip.txt", "ontsnapt"}, {"word/document.xml",
                                                                                   WordBody("R: binnen gebleven")}})},
      {"2021/interview-onlyslip.docx", testing::Zip({{"../word/document.xml", WordBody("R: ontsnapt")}})},
      // XML entity expansion (a billion laughs): no DTD is processed, nothing expands.
      {"2021/interview-laughs.docx",
       Docx(R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>R: &lol9;</w:t></w:r></w:p></w:body></w:document>)")},
      {"2021/interview-good.txt", "I: Hoe gaat het?\nR: Goed.\n"},
  };
  for (const auto& [name, bytes] : files) dir.Write("corpus/" + name, bytes);
  // A 1 GB transcript on one line (sparse: no disk used), a named pipe that would block a reader, and a link to
  // a file outside the corpus.
  ASSERT_EQ(truncate(dir.Write("corpus/2021/interview-huge.txt", "R: ").c_str(), 1ll << 30), 0);
  ASSERT_EQ(mkfifo((corpus / "2021/interview-pipe.txt").c_str(), 0600), 0);
  fs::create_symlink(dir.Write("elders/interview.txt", "R: van buiten gelinkt\n"), corpus / "2021/interview-link.txt");

  const std::string db = (dir.path() / "k.db").string();
  testing::CliResult first = Cli("ingest " + Quote(corpus) + " --db " + db);
  std::cout << first.out;
  EXPECT_EQ(first.status, 2) << "some files could not be used";
  for (const std::string name : {"interview-bad.txt", "interview-bad.md", "interview-bad.vtt", "interview-bad.srt",
                                 "interview-bad.docx", "interview-bad.odt", "interview-onlyslip.docx",
                                 "interview-huge.txt", "interview-pipe.txt"}) {
    EXPECT_THAT(first.out, HasSubstr("2021/" + name)) << name << " is not named";
  }
  EXPECT_THAT(first.out, HasSubstr("2021/interview-huge.txt: the file is 1024 MB, over the limit"));
  EXPECT_THAT(first.out, HasSubstr("2021/interview-bad.docx: word/document.xml is not valid UTF-8 (byte 0xE9"));
  EXPECT_THAT(first.out, HasSubstr("2021/interview-bad.odt: content.xml is not valid UTF-8 (byte 0xE9"));
  EXPECT_THAT(first.out, HasSubstr("2021/interview-pipe.txt: skipped, not a regular file"));
  EXPECT_FALSE(fs::exists(dir.path() / "slip.txt") || fs::exists(fs::path("/tmp/slip.txt")));
  EXPECT_EQ(Cli("check --db " + db).status, 0);
  testing::CliResult turns = Cli("export turns --no-pseudonymise --format csv --db " + db);
  EXPECT_THAT(turns.out, HasSubstr("binnen gebleven"));
  EXPECT_THAT(turns.out, HasSubstr("van buiten gelinkt"));
  EXPECT_THAT(turns.out, Not(HasSubstr("lollollol")));
  EXPECT_THAT(turns.out, Not(HasSubstr(nul)));
  testing::CliResult second = Cli("ingest " + Quote(corpus) + " --db " + db);
  EXPECT_THAT(second.out, HasSubstr("0 added, 0 updated"));
}

// yaml-cpp refuses nesting past its depth limit: an error at the line, never a stack overflow.
TEST(HostileInput, DeeplyNestedYamlCodebook) {
  TempDir dir;
  std::string flow = "id: x\ncodes: ", block = "id: x\ncodes:\n";
  for (int i = 0; i < 100000; ++i) flow += "{a: ";
  flow += "1" + std::string(100000, '}') + "\n";
  for (int i = 0; i < 5000; ++i) block += std::string(2 * (i + 1), ' ') + "a:\n";
  // yaml-cpp stops at 500 levels with only "bad file"; the error names the line where that depth was reached.
  for (const auto& [name, text, line] : {std::tuple{"flow.yaml", flow, 2}, std::tuple{"block.yaml", block, 500}}) {
    testing::CliResult result = Cli("codebook check " + Quote(dir.Write(name, text)));
    EXPECT_EQ(result.status, 2) << name << ": " << result.out;
    EXPECT_THAT(result.out, HasSubstr(fmt::format("{}:{}:", name, line))) << result.out;
    EXPECT_THAT(result.out, HasSubstr("nested 500 levels deep here")) << result.out;
    EXPECT_THAT(result.out, HasSubstr("a codebook needs a few levels")) << result.out;
    EXPECT_THAT(result.out, Not(HasSubstr("bad file"))) << result.out;
  }
}

// RE2 runs in linear time: patterns that make backtracking engines run for hours finish on a 200 KB turn.
TEST(HostileInput, CatastrophicRegexInACodebook) {
  TempDir dir;
  std::string book = ReadFile(SourceDir() / "tests/data/mini-codebook.yaml");
  const std::string rules = "        rules:\n";
  size_t at = book.find(rules);
  ASSERT_NE(at, std::string::npos);
  book.insert(at + rules.size(), "          - regex: '(a+)+$'\n          - regex: '(a|aa)*b'\n"
                                 "          - regex: '(a*)*(a*)*(a*)*c'\n");
  dir.Write("corpus/2021/interview-a.txt", "I: Nou?\nR: " + std::string(200000, 'a') + "!\n");
  const std::string db = (dir.path() / "k.db").string();
  ASSERT_EQ(Cli("ingest " + Quote(dir.path() / "corpus") + " --quiet --db " + db).status, 0);
  testing::CliResult code = Cli("code --quiet --db " + db + " --codebook " + Quote(dir.Write("book.yaml", book)));
  EXPECT_EQ(code.status, 0) << code.out;
}

// Markup in what people said stays text in every HTML we write; formulas stay text in every sheet.
class HostileText : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("corpus/2021/interview-a.txt",
               "I: Hoe gaat het?\n"
               "R: Het personeelstekort is groot. <script>alert(1)</script> <img src=x onerror=alert(1)>\n"
               "I: En verder?\n"
               "R: =HYPERLINK(\"http://x\",\"personeelstekort\")\n"
               "I: Nog iets?\n"
               "R: +31 6 personeelstekort\n"
               "I: En?\n"
               "R: -personeelstekort\n"
               "I: Tot slot?\n"
               "R: @SUM(1) personeelstekort\n");
    ASSERT_EQ(Cli("ingest " + Quote(dir_.path() / "corpus") + " --quiet --db " + Db()).status, 0);
    ASSERT_EQ(Cli("code --quiet --db " + Db() + " --codebook " + Quote(SourceDir() / "codebook/kansrijke-start.yaml"))
                  .status,
              0);
  }
  std::string Db() const { return (dir_.path() / "k.db").string(); }
  TempDir dir_;
};

TEST_F(HostileText, ScriptAndOnerrorStayTextInEveryHtmlOutput) {
  ASSERT_EQ(Cli("report --quiet --db " + Db() + " --out " + Quote(dir_.path() / "reports")).status, 0);
  ASSERT_EQ(Cli("quotes --no-pseudonymise --format html --db " + Db() + " --out " + Quote(dir_.path() / "q.html"))
                .status,
            0);
  int pages = 0;
  bool text_seen = false;
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    std::string html = ReadFile(entry.path());
    EXPECT_THAT(html, Not(HasSubstr("<script>alert"))) << entry.path();
    EXPECT_THAT(html, Not(HasSubstr("<img src=x"))) << entry.path();
    EXPECT_THAT(html, Not(HasSubstr("onerror=alert(1)>"))) << entry.path();
    text_seen = text_seen || html.find("&lt;script&gt;alert(1)") != std::string::npos;
  }
  EXPECT_GE(pages, 3);  // report.html, the transcript's page, the quotes
  EXPECT_TRUE(text_seen) << "the words are shown, as text";
}

TEST_F(HostileText, FormulaCellsStayTextInEveryCsv) {
  std::vector<std::string> sheets;
  for (const std::string command : {"export turns", "export codings", "quotes"}) {
    testing::CliResult result = Cli(command + " --no-pseudonymise --format csv --db " + Db());
    ASSERT_EQ(result.status, 0) << result.out;
    sheets.push_back(result.out);
  }
  int cells = 0;
  for (const std::string& sheet : sheets) {
    for (const std::vector<std::string>& row : ReadCsv(sheet, "sheet")) {
      for (const std::string& cell : row) {
        EXPECT_TRUE(cell.empty() || cell == "+" || cell == "-" ||  // a lone valence is no formula
                    std::string_view("=+-@").find(cell[0]) == std::string_view::npos)
            << cell;
        cells += cell.starts_with("'=") || cell.starts_with("'+") || cell.starts_with("'-") || cell.starts_with("'@");
      }
    }
  }
  EXPECT_GE(cells, 8) << "each of the four formulas in turns and codings";
  // The review sheet goes back in unchanged: its protected cells are read as they were written.
  ASSERT_EQ(Cli("export codings --coder marieke --no-pseudonymise --db " + Db() + " --out " +
                Quote(dir_.path() / "review.csv"))
                .status,
            0);
  testing::CliResult back = Cli("import codings " + Quote(dir_.path() / "review.csv") + " --coder marieke --db " + Db());
  EXPECT_EQ(back.status, 0) << back.out;
}

// Runs kansrijk with a file size limit (what `ulimit -f` sets, through util-linux's prlimit): a write past it
// fails with EFBIG, as on a full disk.
testing::CliResult WithFileSizeLimit(const std::string& args, int bytes) {
  return Cli(fmt::format("__prlimit__ {} {}", bytes, args));
}

TEST(HostileInput, AFullDiskIsAClearErrorAndLeavesTheOldReportAndAWholeDatabase) {
  TempDir dir;
  dir.Write("corpus/2021/interview-a.txt", "I: Hoe gaat het?\nR: Het personeelstekort is groot.\n");
  for (int i = 0; i < 40; ++i) {
    std::string text;
    for (int t = 0; t < 60; ++t) text += fmt::format("I: Vraag {}?\nR: Er is te weinig geld en personeel, {}.\n", t, i);
    dir.Write(fmt::format("corpus/2022/interview-{}.txt", i), text);
  }
  const std::string db = (dir.path() / "k.db").string(), corpus = Quote(dir.path() / "corpus");
  // The database: a write past the limit stops ingest with the disk named; what was stored stays whole.
  testing::CliResult full = WithFileSizeLimit("ingest " + corpus + " --quiet --db " + db, 256 << 10);
  std::cout << full.out;
  EXPECT_EQ(full.status, 2) << full.out;
  EXPECT_THAT(full.out, HasSubstr("disk"));
  EXPECT_EQ(Cli("check --db " + db).status, 0);
  testing::CliResult again = Cli("ingest " + corpus + " --quiet --db " + db);
  EXPECT_EQ(again.status, 0) << again.out;
  ASSERT_EQ(Cli("code --quiet --db " + db + " --codebook " + Quote(SourceDir() / "codebook/kansrijke-start.yaml"))
                .status,
            0);
  // The reports: a report that cannot be written whole is not written; the one before stays.
  const fs::path reports = dir.path() / "reports";
  ASSERT_EQ(Cli("report --quiet --db " + db + " --out " + Quote(reports)).status, 0);
  std::map<std::string, std::string> before;
  for (const auto& entry : fs::recursive_directory_iterator(reports)) {
    if (entry.is_regular_file()) before[entry.path().string()] = ReadFile(entry.path());
  }
  // 33 KB: room for SQLite's 32 KB -shm file, not for report.html.
  testing::CliResult report = WithFileSizeLimit("report --quiet --db " + db + " --out " + Quote(reports), 33 << 10);
  std::cout << report.out;
  EXPECT_EQ(report.status, 2) << report.out;
  EXPECT_THAT(report.out, HasSubstr("cannot write the file: File too large (hint: check that the disk is not full)"));
  std::map<std::string, std::string> after;
  for (const auto& entry : fs::recursive_directory_iterator(reports)) {
    if (entry.is_regular_file()) after[entry.path().string()] = ReadFile(entry.path());
  }
  EXPECT_TRUE(before == after) << "a file was changed or left half written";
}

// A database the user may not write: commands that write say so and what to do; commands that read still work.
TEST(HostileInput, AReadOnlyDatabase) {
  TempDir dir;
  dir.Write("corpus/2021/interview-a.txt", "I: Hoe gaat het?\nR: Het personeelstekort is groot.\n");
  const std::string db = (dir.path() / "k.db").string();
  ASSERT_EQ(Cli("ingest " + Quote(dir.path() / "corpus") + " --quiet --db " + db).status, 0);
  // Root writes any file whatever its mode: for root the file is made immutable instead.
  const bool root = geteuid() == 0;
  if (root && std::system(("chattr +i " + db + " 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "running as root on a file system without chattr +i: no way to make the database read-only";
  }
  if (!root) fs::permissions(db, fs::perms::owner_read);
  testing::CliResult code = Cli("code --quiet --db " + db + " --codebook " +
                                Quote(SourceDir() / "codebook/kansrijke-start.yaml"));
  testing::CliResult stats = Cli("stats --db " + db);
  if (root) (void)std::system(("chattr -i " + db).c_str());
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
  std::cout << code.out;
  EXPECT_EQ(code.status, 2);
  EXPECT_THAT(code.out, HasSubstr("k.db: database error"));
  EXPECT_THAT(code.out, HasSubstr("read-only: make both writable"));
  EXPECT_EQ(stats.status, 0) << stats.out;
  EXPECT_EQ(Cli("check --db " + db).status, 0);
}

}  // namespace
}  // namespace kansrijk
