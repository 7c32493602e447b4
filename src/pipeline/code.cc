#include "pipeline/code.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

namespace kansrijk {

CodeSummary CodeCorpus(Store& store, const Codebook& codebook, const Coder& coder, const CodeOptions& options) {
  TurnFilter filter;
  if (!options.include_interviewer) filter.speakers = TurnFilter::Speakers::kRespondent;
  CodeSummary summary;
  const std::vector<TurnRow> turns = store.Turns(filter);
  store.RecallWordParts(&coder.morphology());  // ingest split these words already

  // Worker threads take the next block of turns; this thread stores the blocks in turn order as they are done,
  // while the workers go on (writing the codings was a quarter of `code`'s time when it came after all coding).
  // The codings and their order are the same whatever the number of threads.
  constexpr size_t kBlock = 64;
  const size_t blocks = (turns.size() + kBlock - 1) / kBlock;
  std::vector<std::vector<Coding>> coded(turns.size());
  std::vector<char> block_done(blocks, 0);
  std::mutex mutex;  // guards block_done and failure
  std::condition_variable block_finished;
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  auto stop = [&](std::exception_ptr error) {
    std::lock_guard lock(mutex);
    if (!failure) failure = error;
    next = blocks;  // the workers stop at their next block
    block_finished.notify_all();
  };
  auto work = [&] {
    try {
      for (size_t block; (block = next.fetch_add(1)) < blocks;) {
        const size_t end = std::min((block + 1) * kBlock, turns.size());
        for (size_t i = block * kBlock; i < end; ++i) coded[i] = coder.Apply(turns[i].text);
        std::lock_guard lock(mutex);
        block_done[block] = 1;
        block_finished.notify_all();
      }
    } catch (...) {
      stop(std::current_exception());
    }
  };
  const size_t threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::jthread> workers;
  for (size_t t = 0; t < threads; ++t) workers.emplace_back(work);

  size_t stored = 0;  // blocks handed to the store
  auto next_batch = [&](std::vector<std::pair<int64_t, Coding>>& batch) {
    if (stored == blocks) return false;
    {
      std::unique_lock lock(mutex);
      block_finished.wait(lock, [&] { return failure || block_done[stored]; });
      if (failure) std::rethrow_exception(failure);
    }
    const size_t end = std::min((stored + 1) * kBlock, turns.size());
    for (size_t i = stored * kBlock; i < end; ++i) {
      ++summary.turns;
      std::set<std::string> codes;
      for (Coding& coding : coded[i]) {
        codes.insert(coding.code);
        batch.emplace_back(turns[i].id, std::move(coding));
      }
      for (const std::string& code : codes) ++summary.coded_turns[{code, turns[i].year}];
      coded[i] = {};
    }
    ++stored;
    if (options.progress) options.progress(end, turns.size(), turns[end - 1].file);
    return true;
  };
  try {
    store.Atomically([&] {
      summary.codings = static_cast<int>(store.ReplaceRuleCodings(codebook, next_batch));
      if (options.suggest_with) {
        summary.suggested = Suggest(store, codebook, *options.suggest_with, ModelsFor(store, options.starting_model));
      }
    });
  } catch (...) {
    stop(std::current_exception());  // the workers stop before they are joined
    throw;
  }
  return summary;
}

void WriteCodeSummary(const CodeSummary& summary, const Codebook& codebook, std::ostream& out) {
  std::set<int> years;
  for (const auto& [key, n] : summary.coded_turns) years.insert(key.second);
  out << fmt::format("coded {} turns with {} ({} codings); coded turns per code and year:\n\n", summary.turns,
                     codebook.id, summary.codings);
  out << fmt::format("{:<24}", "code");
  for (int year : years) out << fmt::format("{:>6}", year);
  out << "\n";
  for (const Code* code : codebook.Codes()) {
    out << fmt::format("{:<24}", code->id);
    for (int year : years) {
      auto it = summary.coded_turns.find({code->id, year});
      out << fmt::format("{:>6}", it == summary.coded_turns.end() ? 0 : it->second);
    }
    out << "\n";
  }
  if (const std::optional<SuggestSummary>& s = summary.suggested; s && !s->source.empty()) {
    out << fmt::format("\nmodel suggestions (coder model; reports count them only with --coder auto+model): {} on the "
                       "turns the rules did not code, by {} code{} whose model is on, from {}\n",
                       s->suggestions, s->models_on, s->models_on == 1 ? "" : "s", s->source);
  }
}

}  // namespace kansrijk
