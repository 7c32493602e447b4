// The whole pipeline on a generated corpus (generated_corpus.h: 1,000 transcripts, about 15 MB), stage by stage
// in one run: ingest with the codebook (2 threads; it codes as it stores, as `make run` does), `code` after it
// (nothing left to code), the whole coding again (`code --all`: code_MBps), report (every format, transcript pages
// included) and quotes (Markdown), each as MB/s of corpus text (counters), on a fresh database. When the lean prototype in ../shared/perf is
// built (`make bench` builds it when that folder is there), its `perfbench e2e --threads 2` runs on the same
// files right after, and `ratio` is its time over ours for ingest + code: 1 would be the prototype's speed.
// The prototype does less (no stems, compound parts, sentences or valence; docs/performance.md), so it is a
// ceiling, not a twin. The generator repeats a small vocabulary, which flatters the per-word caches: the
// figures in docs/performance.md on ../shared/perf's own corpus are the realistic ones.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "code/coder.h"
#include "export/quotes.h"
#include "generated_corpus.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "report/write.h"

namespace kansrijk {
namespace {

namespace fs = std::filesystem;

double Seconds(const std::function<void()>& work) {
  auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs the prototype on `flat` (one folder of .txt files) and returns its median seconds, or 0 when it is not
// built or fails (said on stderr).
double PrototypeSeconds(const fs::path& flat, const fs::path& work) {
  const fs::path perfbench = KANSRIJK_PERFBENCH, patterns = fs::path(KANSRIJK_PERF_DIR) / "patterns.txt";
  if (!fs::exists(perfbench) || !fs::exists(patterns)) {
    std::fprintf(stderr, "pipeline_bench: no prototype at %s (make bench builds it when %s exists): no ratio\n",
                 perfbench.c_str(), KANSRIJK_PERF_DIR);
    return 0;
  }
  fs::path out = work / "perfbench.txt";
  std::string command = fmt::format("'{}' e2e --dir '{}' --threads 2 --reps 3 --patterns '{}' --db '{}' > '{}'",
                                    perfbench.string(), flat.string(), patterns.string(), (work / "pb.db").string(),
                                    out.string());
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "pipeline_bench: the prototype failed: %s\n", command.c_str());
    return 0;
  }
  std::ifstream in(out);
  std::string line;
  std::getline(in, line);  // RESULT stage=e2e ... median_s=1.06 ...
  std::fprintf(stderr, "pipeline_bench: %s\n", line.c_str());
  size_t at = line.find("median_s=");
  return at == std::string::npos ? 0 : std::stod(line.substr(at + 9));
}

void BM_WholePipeline(benchmark::State& state) {
  const fs::path work = fs::temp_directory_path() / "kansrijk-pipeline-bench";
  fs::remove_all(work);
  const double mb = bench::WriteGeneratedCorpus(work / "corpus", {}) / 1e6;
  // The prototype reads one folder of .txt files: the same files, linked flat.
  fs::create_directories(work / "flat");
  for (const auto& entry : fs::recursive_directory_iterator(work / "corpus")) {
    if (!entry.is_regular_file()) continue;
    fs::create_symlink(entry.path(), work / "flat" / (entry.path().parent_path().filename().string() + "-" +
                                                       entry.path().filename().string()));
  }
  const Codebook book = LoadCodebook(fs::path(KANSRIJK_SOURCE_DIR) / "codebook/kansrijke-start.yaml");
  const Morphology morphology = Morphology::Load();
  for (auto _ : state) {
    double ingest = 0, code = 0, recode = 0, report = 0, quotes = 0;
    {
      Store store = Store::Open(work / "k.db");
      // As `make run`: ingest codes each document as it stores it, and `code` then has nothing left to code; the
      // whole coding again (`code --all`, as after an edit of the codebook) is the code speed.
      ingest = Seconds([&] { Ingest(store, {.corpus = work / "corpus", .threads = 2, .codebook = &book}); });
      code = Seconds([&] { CodeCorpus(store, book, Coder(book, morphology), {.threads = 2}); });
      recode = Seconds([&] { CodeCorpus(store, book, Coder(book, morphology), {.threads = 2, .all = true}); });
      report = Seconds([&] { WriteReports(store, BuildYearReport(store), {work / "reports"}); });
      quotes = Seconds([&] { benchmark::DoNotOptimize(RenderQuotes(SelectQuotes(store, {}), "md")); });
    }  // closed: the write-ahead log is checkpointed into k.db
    state.SetIterationTime(ingest + code + recode + report + quotes);
    state.counters["MB"] = mb;
    state.counters["ingest_MBps"] = mb / ingest;
    state.counters["code_MBps"] = mb / recode;
    state.counters["report_MBps"] = mb / report;
    state.counters["quotes_MBps"] = mb / quotes;
    state.counters["db_MB"] = fs::file_size(work / "k.db") / 1e6;
    if (double prototype = PrototypeSeconds(work / "flat", work); prototype > 0) {
      state.counters["ratio"] = prototype / (ingest + code);
    }
  }
  fs::remove_all(work);
}
BENCHMARK(BM_WholePipeline)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace kansrijk
