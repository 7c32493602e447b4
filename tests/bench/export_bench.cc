// What the default pseudonymisation costs an export: `export turns` of the bundled corpus with and without it
// (compare the two figures of one run), and loading the pseudonyms (names, keys, speakers) on its own.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sstream>

#include "export/pseudonyms.h"
#include "export/turns.h"
#include "pipeline/ingest.h"

namespace kansrijk {
namespace {

const Store& BundledCorpus() {
  static Store store = [] {
    std::filesystem::path db = std::filesystem::temp_directory_path() / "kansrijk-export-bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    Store s = Store::Open(db);
    Ingest(s, {std::filesystem::path(KANSRIJK_SOURCE_DIR) / "corpus"});
    return s;
  }();
  return store;
}

const std::filesystem::path kNames = std::filesystem::path(KANSRIJK_SOURCE_DIR) / "corpus/pseudonyms.csv";

void BM_ExportTurnsOriginal(benchmark::State& state) {
  const Store& store = BundledCorpus();
  for (auto _ : state) {
    std::ostringstream out;
    ExportTurns(store, {}, "", nullptr, TableFormat::kCsv, out);
    benchmark::DoNotOptimize(out.str());
  }
}
BENCHMARK(BM_ExportTurnsOriginal)->Unit(benchmark::kMillisecond);

void BM_ExportTurnsPseudonymised(benchmark::State& state) {
  const Store& store = BundledCorpus();
  for (auto _ : state) {
    Pseudonyms hide = Pseudonyms::Load(store, kNames);
    std::ostringstream out;
    ExportTurns(store, {}, "", &hide, TableFormat::kCsv, out);
    benchmark::DoNotOptimize(out.str());
  }
}
BENCHMARK(BM_ExportTurnsPseudonymised)->Unit(benchmark::kMillisecond);

void BM_LoadPseudonyms(benchmark::State& state) {
  const Store& store = BundledCorpus();
  for (auto _ : state) benchmark::DoNotOptimize(Pseudonyms::Load(store, kNames));
}
BENCHMARK(BM_LoadPseudonyms)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kansrijk
