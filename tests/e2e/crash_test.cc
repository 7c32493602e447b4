// Crashes injected and two writers at once, with real processes: the built `kansrijk` is started on a generated
// corpus (tests/bench/generated_corpus.h) and SIGKILLed at seeded random moments during `ingest`,
// `ingest --codebook`, `code --all`, `import codings` and `report`. After each kill `kansrijk check` must find the
// database whole, nothing half-written may be visible (no report file that differs from an uninterrupted run's,
// none of the researcher's work lost), and a re-run must give the same database content (a canonical dump of the
// tables that matter) and byte-identical reports as a run that was never interrupted.
//
// KANSRIJK_KILLS (default 52) sets the number of kills, spread over the five commands; KANSRIJK_CRASH_SEED the seed.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "base/csv.h"
#include "bench/generated_corpus.h"
#include "test_util.h"

namespace kansrijk {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using testing::SourceDir;
using testing::TempDir;

// A kansrijk process, its output in `log`.
pid_t Spawn(const std::vector<std::string>& args, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    umask(0);  // whatever kansrijk creates must be private through its own umask, not the caller's
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv{const_cast<char*>(KANSRIJK_CLI)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KANSRIJK_CLI, argv.data());
    _exit(127);
  }
  return pid;
}

// The exit status, or -signal when it was killed.
int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

struct RunResult {
  int status = 0;
  double seconds = 0;
  std::string log;
};
RunResult RunKansrijk(const std::vector<std::string>& args, const fs::path& log) {
  auto start = Clock::now();
  int status = Wait(Spawn(args, log));
  return {status, std::chrono::duration<double>(Clock::now() - start).count(), testing::ReadFile(log)};
}

// Copies a closed database (no -wal) over `to`, removing what a killed run left beside it.
void CopyDatabase(const fs::path& from, const fs::path& to) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(to.string() + suffix);
  ASSERT_FALSE(fs::exists(from.string() + "-wal"));
  fs::copy_file(from, to);
}

// The tables that hold what the user sees, in a canonical order, without ids and timestamps (audit only). Opened
// read-write, as kansrijk does, so that closing it removes the -wal file again.
std::string Dump(const fs::path& db_file) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  const std::vector<std::string> queries = {
      "SELECT file, year, type, format, encoding, content_hash, fingerprint, bytes, text_hash FROM documents",
      "SELECT d.file, v.name, v.value FROM variables v JOIN documents d ON d.id = v.document_id",
      "SELECT d.file, w.message FROM document_warnings w JOIN documents d ON d.id = w.document_id",
      "SELECT d.file, s.label, s.is_interviewer FROM speakers s JOIN documents d ON d.id = s.document_id",
      "SELECT d.file, t.number, s.label, t.start_ms, t.end_ms, t.line, t.text, t.words FROM turns t "
      "JOIN documents d ON d.id = t.document_id LEFT JOIN speakers s ON s.id = t.speaker_id",
      "SELECT d.file, t.number, x.number, x.begin, x.end FROM sentences x JOIN turns t ON t.id = x.turn_id "
      "JOIN documents d ON d.id = t.document_id",
      "SELECT d.file, t.number, x.begin, x.end FROM annotations x JOIN turns t ON t.id = x.turn_id "
      "JOIN documents d ON d.id = t.document_id",
      "SELECT id, title, version, content_hash FROM codebooks",
      "SELECT * FROM codes",
      "SELECT d.file, t.number, c.code, c.valence, c.origin, c.coder, c.begin, c.end, c.rules, c.valence_reason, "
      "c.codebook_id, c.codebook_hash, c.memo FROM codings c JOIN turns t ON t.id = c.turn_id "
      "JOIN documents d ON d.id = t.document_id",
      "SELECT d.file, c.codebook, c.key FROM coded_documents c JOIN documents d ON d.id = c.document_id",
      "SELECT m.kind, m.coder, m.file, m.turn_number, m.turn_text, m.begin, m.end, m.span_text, m.code, m.valence, "
      "m.memo, m.orphaned, d.file, t.number FROM manual m LEFT JOIN turns t ON t.id = m.turn_id "
      "LEFT JOIN documents d ON d.id = t.document_id",
  };
  std::vector<std::string> lines;
  for (const std::string& query : queries) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, query.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string line = query.substr(0, 40) + " |";
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const unsigned char* text = sqlite3_column_text(s, c);
        line += text ? std::string(reinterpret_cast<const char*>(text)) : "NULL";
        line += "|";
      }
      lines.push_back(std::move(line));
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// The first line where two dumps differ, for a readable failure.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string x, y;
  while (true) {
    bool more_a = static_cast<bool>(std::getline(a, x)), more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "(same)";
    if (!more_a || !more_b || x != y) {
      return "expected: " + (more_a ? x : "(end)") + "\n  actual: " + (more_b ? y : "(end)");
    }
  }
}

std::map<std::string, std::string> Files(const fs::path& folder) {
  std::map<std::string, std::string> out;
  if (!fs::exists(folder)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) out[fs::relative(entry.path(), folder).string()] = testing::ReadFile(entry.path());
  }
  return out;
}

unsigned Seed() {
  const char* seed = std::getenv("KANSRIJK_CRASH_SEED");
  return seed ? static_cast<unsigned>(std::stoul(seed)) : 20261205u;
}
int Kills() {
  const char* kills = std::getenv("KANSRIJK_KILLS");
  return kills ? std::max(4, std::stoi(kills)) : 52;
}

// One generated corpus and its uninterrupted runs, shared by the tests of this file.
class CrashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const fs::path& d = dir_->path();
    bench::WriteGeneratedCorpus(d / "corpus", {.documents = 32, .bytes_per_document = 8 << 10, .seed = 7});
    codebook_ = (SourceDir() / "codebook/kansrijke-start.yaml").string();
    // pre.db: ingested and coded.
    Expect(Db("pre"), {"ingest", Corpus(), "--db", Db("pre"), "--quiet"}, &times_["ingest (all)"]);
    Expect(Db("pre"), {"code", "--db", Db("pre"), "--codebook", codebook_, "--quiet"}, &times_["code"]);
    // The researcher's work: a coding, memos and a seen mark on documents that v2 changes, by hand ...
    CopyDatabase(Db("pre"), Db("added"));
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"coding", "add", "2019/interview-0000.txt", "4", "financiering", "--coder", "marieke"},
             {"memo", "--file", "2022/interview-0003.txt", "--turn", "2", "--coder", "marieke", "lezen"},
             {"memo", "--file", "2021/interview-0006.txt", "--coder", "marieke", "hele document"},
             {"coding", "seen", "2019/interview-0012.txt", "--coder", "marieke"}}) {
      std::vector<std::string> full = args;
      full.insert(full.end(), {"--db", Db("added")});
      Expect(Db("added"), full, nullptr);
    }
    // ... and a review of every rule coding of the documents v2 leaves alone, from a spreadsheet.
    Expect(Db("added"), {"export", "codings", "--coder", "marieke", "--no-pseudonymise", "--format", "csv", "--out",
                         (d / "export.csv").string(), "--db", Db("added")}, nullptr);
    std::vector<std::vector<std::string>> rows = ReadCsv(testing::ReadFile(d / "export.csv"), "export.csv");
    std::map<std::string, size_t> column;
    for (size_t c = 0; c < rows[0].size(); ++c) column[rows[0][c]] = c;
    std::string review = CsvRow(rows[0]);
    for (size_t r = 1; r < rows.size(); ++r) {
      std::vector<std::string>& row = rows[r];
      if (ChangedInV2(row[column["file"]]) || row[column["coder"]] != "auto") continue;
      // One status per turn and code, as a researcher gives it.
      row[column["status"]] = (std::stoi(row[column["turn"]]) + row[column["code"]].size()) % 3 ? "accepted" : "rejected";
      review += CsvRow(row);
    }
    std::ofstream(d / "review.csv", std::ios::binary) << review;
    CopyDatabase(Db("added"), Db("base"));
    Expect(Db("base"), {"import", "codings", Review(), "--coder", "marieke", "--db", Db("base")},
           &times_["import codings"]);
    Expect(Db("base"), {"report", "--db", Db("base"), "--out", (d / "reports").string(), "--quiet"},
           &times_["report"]);
    // v2: every third document gets a new first turn, so its turns are renumbered and the work re-placed.
    for (const auto& entry : fs::recursive_directory_iterator(d / "corpus")) {
      std::string name = fs::relative(entry.path(), d / "corpus").string();
      if (!entry.is_regular_file() || !ChangedInV2(name)) continue;
      std::string text = testing::ReadFile(entry.path());
      std::ofstream(entry.path(), std::ios::binary) << "I: Welkom, we beginnen.\n" << text;
    }
    CopyDatabase(Db("base"), Db("ingested"));
    Expect(Db("ingested"), {"ingest", Corpus(), "--db", Db("ingested"), "--quiet"}, &times_["ingest (changed)"]);
    // The same, coding the changed documents as they are stored (each one's codings in its transaction).
    CopyDatabase(Db("base"), Db("ingested-coded"));
    Expect(Db("ingested-coded"), {"ingest", Corpus(), "--db", Db("ingested-coded"), "--codebook", codebook_, "--quiet"},
           &times_["ingest --codebook (changed)"]);
  }
  static void TearDownTestSuite() {
    for (const auto& [what, seconds] : times_) std::cout << fmt::format("uninterrupted {}: {:.2f} s\n", what, seconds);
    delete dir_;
  }

  static bool ChangedInV2(const std::string& file) {
    size_t dash = file.rfind('-');
    return dash != std::string::npos && std::stoi(file.substr(dash + 1, 4)) % 3 == 0;
  }
  static std::string Corpus() { return (dir_->path() / "corpus").string(); }
  static std::string Review() { return (dir_->path() / "review.csv").string(); }
  static std::string Db(const std::string& name) { return (dir_->path() / (name + ".db")).string(); }
  static void Expect(const std::string& db, const std::vector<std::string>& args, double* seconds) {
    RunResult run = RunKansrijk(args, dir_->path() / "setup.log");
    ASSERT_EQ(run.status, 0) << fmt::format("{}", fmt::join(args, " ")) << "\n" << run.log;
    if (seconds) *seconds = run.seconds;
    (void)db;
  }
  static std::string Check(const std::string& db) {
    RunResult run = RunKansrijk({"check", "--db", db}, dir_->path() / "check.log");
    return run.status == 0 ? "" : run.log;
  }

  // Kills `args` (on a fresh copy of `start` as work.db) `kills` times at random moments within its uninterrupted
  // time, checks what the kill left, re-runs it and compares with `expected` (a dump, or the reports).
  void KillAndRerun(const std::string& start, std::vector<std::string> args, double seconds, int kills,
                    const std::string& expected_dump, const fs::path& expected_reports = {}) {
    const fs::path& d = dir_->path();
    const std::string work = Db("work");
    const fs::path out = d / "out";
    for (std::string& a : args) {
      if (a == "DB") a = work;
      if (a == "OUT") a = out.string();
    }
    const size_t manual_before = ManualRows(start);
    std::mt19937 random(Seed() + kills + static_cast<unsigned>(args[0].size()));
    int killed = 0, attempts = 0;
    while (killed < kills && attempts++ < kills * 3) {
      CopyDatabase(start, work);
      fs::remove_all(out);
      const double at = seconds * (0.02 + 0.9 * static_cast<double>(random() % 1000) / 1000.0);
      pid_t pid = Spawn(args, d / "killed.log");
      std::this_thread::sleep_for(std::chrono::duration<double>(at));
      kill(pid, SIGKILL);
      const std::string moment = fmt::format("{} killed after {:.3f} s (seed {})", args[0], at, Seed());
      if (Wait(pid) == -SIGKILL) ++killed;
      ASSERT_EQ(Check(work), "") << moment;
      ASSERT_EQ(OpenToOthers(), "") << moment;
      ASSERT_GE(ManualRows(work), manual_before) << moment << ": the researcher's work lost";
      // Nothing half-written: a report file is absent, a temporary file, or the whole report.
      std::map<std::string, std::string> reference = Files(expected_reports);
      for (const auto& [name, bytes] : Files(out)) {
        if (name.ends_with(".tmp")) continue;
        ASSERT_TRUE(reference.contains(name)) << moment << ": " << name;
        ASSERT_EQ(bytes, reference[name]) << moment << ": " << name << " is half written";
      }
      RunResult rerun = RunKansrijk(args, d / "rerun.log");
      ASSERT_EQ(rerun.status, 0) << moment << "\n" << rerun.log;
      ASSERT_EQ(Check(work), "") << moment;
      std::string dump = Dump(work);
      ASSERT_TRUE(dump == expected_dump) << moment << "\n  " << FirstDifference(expected_dump, dump);
      if (!expected_reports.empty()) {
        ASSERT_TRUE(Files(out) == reference) << moment << ": reports differ";
      }
    }
    std::cout << fmt::format("{}: {} kills in {} runs\n", args[0], killed, attempts);
    EXPECT_EQ(killed, kills) << "the command ended before most kills: make the corpus larger";
  }

  // The first file or folder the kill left (the database, its -wal and -shm, reports, temporary files) that
  // someone else than its owner may read; "" when there is none.
  static std::string OpenToOthers() {
    for (const auto& entry : fs::recursive_directory_iterator(dir_->path())) {
      const std::string name = entry.path().filename().string();
      bool ours = name.starts_with("work.db") || entry.path().string().find("/out") != std::string::npos;
      if (!ours) continue;
      fs::perms p = entry.status().permissions();
      fs::perms others = p & (fs::perms::group_all | fs::perms::others_all);
      if (others != fs::perms::none || (entry.is_directory() && (p & fs::perms::owner_all) != fs::perms::owner_all)) {
        return fmt::format("{} has mode {:o}", entry.path().string(), static_cast<int>(p));
      }
    }
    return "";
  }

  static size_t ManualRows(const std::string& db) {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(raw, "SELECT count(*) FROM manual", -1, &s, nullptr);
    size_t n = sqlite3_step(s) == SQLITE_ROW ? static_cast<size_t>(sqlite3_column_int64(s, 0)) : 0;
    sqlite3_finalize(s);
    sqlite3_close(raw);
    return n;
  }

  void TwoCodeRuns();
  void IngestAndImport();
  void ReviewAppAndCode();  // the review app's writes while `code` runs

  static TempDir* dir_;
  static std::string codebook_;
  static std::map<std::string, double> times_;
};
TempDir* CrashTest::dir_ = nullptr;
std::string CrashTest::codebook_;
std::map<std::string, double> CrashTest::times_;

// One test for the five commands, so the corpus and the uninterrupted runs are made once (ctest runs each test
// in its own process).
TEST_F(CrashTest, KilledAtRandomMomentsNothingHalfStoredAndAReRunCompletes) {
  const int each = Kills() / 5;
  // ingest of a changed corpus: per document all or nothing, the researcher's work placed again.
  KillAndRerun(Db("base"), {"ingest", Corpus(), "--db", "DB", "--quiet"}, times_["ingest (changed)"], each,
               Dump(Db("ingested")));
  // ingest --codebook: each document with its codings, all or nothing.
  KillAndRerun(Db("base"), {"ingest", Corpus(), "--db", "DB", "--codebook", codebook_, "--quiet"},
               times_["ingest --codebook (changed)"], each, Dump(Db("ingested-coded")));
  // code --all (base is coded already, so `code` alone would have nothing to do): the rule codings replaced in one
  // transaction, the researcher's work untouched.
  KillAndRerun(Db("base"), {"code", "--all", "--db", "DB", "--codebook", codebook_, "--quiet"}, times_["code"], each,
               Dump(Db("base")));
  // import codings: the whole sheet or nothing.
  KillAndRerun(Db("added"), {"import", "codings", Review(), "--coder", "marieke", "--db", "DB"},
               times_["import codings"], each, Dump(Db("base")));
  // report: every file whole or absent, never half written.
  KillAndRerun(Db("base"), {"report", "--db", "DB", "--out", "OUT", "--quiet"}, times_["report"], Kills() - 4 * each,
               Dump(Db("base")), dir_->path() / "reports");
}

// Two writers at once: the second waits for the first (busy timeout) and both complete, or it stops with a clear
// message; the database is whole and holds the first one's work.
TEST_F(CrashTest, TwoWritersAtOnce) {
  TwoCodeRuns();
  IngestAndImport();
  ReviewAppAndCode();
}

void CrashTest::TwoCodeRuns() {
  CopyDatabase(Db("base"), Db("work"));
  const fs::path& d = dir_->path();
  pid_t a = Spawn({"code", "--all", "--db", Db("work"), "--codebook", codebook_, "--quiet"}, d / "a.log");
  pid_t b = Spawn({"code", "--all", "--db", Db("work"), "--codebook", codebook_, "--quiet"}, d / "b.log");
  EXPECT_EQ(Wait(a), 0) << testing::ReadFile(d / "a.log");
  EXPECT_EQ(Wait(b), 0) << testing::ReadFile(d / "b.log");
  EXPECT_EQ(Check(Db("work")), "");
  std::string dump = Dump(Db("work")), expected = Dump(Db("base"));
  EXPECT_TRUE(dump == expected) << FirstDifference(expected, dump);
}

void CrashTest::IngestAndImport() {
  CopyDatabase(Db("added"), Db("work"));
  const fs::path& d = dir_->path();
  pid_t a = Spawn({"ingest", Corpus(), "--db", Db("work"), "--quiet"}, d / "a.log");
  pid_t b = Spawn({"import", "codings", Review(), "--coder", "marieke", "--db", Db("work")}, d / "b.log");
  EXPECT_EQ(Wait(a), 0) << testing::ReadFile(d / "a.log");
  EXPECT_EQ(Wait(b), 0) << testing::ReadFile(d / "b.log");
  EXPECT_EQ(Check(Db("work")), "");
  std::string dump = Dump(Db("work")), expected = Dump(Db("ingested"));
  EXPECT_TRUE(dump == expected) << FirstDifference(expected, dump);
}

// The review app writes (a researcher's memos and seen marks, each stored at once) while `code` replaces the rule
// codings: every write the page was told succeeded is in the database afterwards, and `code` completes.
void CrashTest::ReviewAppAndCode() {
  CopyDatabase(Db("base"), Db("work"));
  const fs::path& d = dir_->path();
  pid_t server = Spawn({"serve", "--db", Db("work"), "--coder", "joost", "--no-open", "--port", "0"}, d / "serve.log");
  std::string url;
  for (int i = 0; i < 200 && url.empty(); ++i) {  // the address is its first line
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string log = testing::ReadFile(d / "serve.log");
    if (size_t end = log.find('\n'); log.starts_with("http://") && end != std::string::npos) url = log.substr(0, end);
  }
  ASSERT_FALSE(url.empty()) << testing::ReadFile(d / "serve.log");
  const std::string token = url.substr(url.find("token=") + 6);
  const std::string host = url.substr(0, url.find('/', 7));
  httplib::Client client(host);
  client.set_read_timeout(30);
  std::map<std::string, std::string> versions;  // file → fingerprint, as the page would have it
  {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(Db("work").c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(raw, "SELECT file, fingerprint FROM documents ORDER BY file", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
      versions[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
          reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    sqlite3_close(raw);
  }
  pid_t code = Spawn({"code", "--all", "--db", Db("work"), "--codebook", codebook_, "--quiet"}, d / "code.log");
  int stored = 0, refused = 0;
  for (const auto& [file, version] : versions) {
    nlohmann::json body = {{"file", file}, {"version", version}, {"turn", 2}, {"text", "gelezen tijdens code"}};
    httplib::Result result = client.Post("/api/memo", {{"X-Kansrijk-Token", token}, {"Origin", host}}, body.dump(),
                                          "application/json");
    ASSERT_TRUE(result) << "the review app did not answer while code ran";
    if (result->status == 200) {
      ++stored;
    } else {  // a clear refusal is allowed, never a silent loss
      if (refused++ == 0) std::cout << "refused: " << result->status << " " << result->body << "\n";
      EXPECT_THAT(result->body, ::testing::HasSubstr("error")) << result->body;
    }
  }
  EXPECT_EQ(Wait(code), 0) << testing::ReadFile(d / "code.log");
  kill(server, SIGTERM);
  EXPECT_EQ(Wait(server), 0) << testing::ReadFile(d / "serve.log");
  EXPECT_EQ(Check(Db("work")), "");
  EXPECT_EQ(stored + refused, static_cast<int>(versions.size()));
  EXPECT_EQ(ManualRows(Db("work")), ManualRows(Db("base")) + stored) << "every memo the page was told is stored";
  std::cout << fmt::format("review app during code: {} memos stored, {} refused\n", stored, refused);
}

}  // namespace
}  // namespace kansrijk
