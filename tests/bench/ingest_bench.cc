// Benchmarks, built on demand (`make bench`), never part of the test suite.
//
// Compare figures side by side from one run only: the machines are noisy. BM_Normalize vs BM_NormalizeAscii
// shows the cost of the ICU path for non-ASCII clusters; BM_SegmentTurn the cost of a whole turn;
// BM_IngestBundledCorpus a full ingest of corpus/ into a fresh database.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "normalize/normalize.h"
#include "pipeline/ingest.h"
#include "segment/segment.h"

namespace kansrijk {
namespace {

const std::string kTurn =
    "Nou, eh, de co\u00F6rdinatie van de samenwerking met de verloskundigen en de jeugdgezondheidszorg is \u201Clastig\u201D "
    "\u2013 we hebben o.a. een personeelstekort en te weinig financiering. Dhr. Jansen trekt de kar [lacht]. ";

void BM_Normalize(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Normalize(kTurn));
  state.SetBytesProcessed(state.iterations() * kTurn.size());
}
BENCHMARK(BM_Normalize);

void BM_NormalizeAscii(benchmark::State& state) {
  std::string ascii = "Nou, eh, de coordinatie van de samenwerking met de verloskundigen is lastig, we hebben een "
                      "personeelstekort en te weinig financiering. Jansen trekt de kar.";
  for (auto _ : state) benchmark::DoNotOptimize(Normalize(ascii));
  state.SetBytesProcessed(state.iterations() * ascii.size());
}
BENCHMARK(BM_NormalizeAscii);

void BM_SegmentTurn(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SegmentTurn(kTurn));
  state.SetBytesProcessed(state.iterations() * kTurn.size());
}
BENCHMARK(BM_SegmentTurn);

void BM_IngestBundledCorpus(benchmark::State& state) {
  std::filesystem::path db = std::filesystem::temp_directory_path() / "kansrijk-bench.db";
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    state.ResumeTiming();
    Store store = Store::Open(db);
    benchmark::DoNotOptimize(Ingest(store, {std::filesystem::path(KANSRIJK_SOURCE_DIR) / "corpus"}));
  }
}
BENCHMARK(BM_IngestBundledCorpus)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kansrijk
