#include "pipeline/code.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
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
  std::vector<std::vector<Coding>> coded(turns.size());

  // Each thread takes the next block of turns; results land in their turn's slot, so the order is fixed.
  constexpr size_t kBlock = 64;
  std::atomic<size_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](bool report) {
    try {
      for (size_t begin; (begin = next.fetch_add(kBlock)) < turns.size();) {
        size_t end = std::min(begin + kBlock, turns.size());
        for (size_t i = begin; i < end; ++i) coded[i] = coder.Apply(turns[i].text);
        size_t now = done += end - begin;
        if (report && options.progress) options.progress(now, turns.size(), turns[end - 1].file);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = turns.size();  // the others stop at their next block
    }
  };
  size_t threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  {
    std::vector<std::jthread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work, false);
    work(true);
  }
  if (failure) std::rethrow_exception(failure);
  if (options.progress && !turns.empty()) options.progress(turns.size(), turns.size(), turns.back().file);

  std::vector<std::pair<int64_t, Coding>> codings;
  for (size_t i = 0; i < turns.size(); ++i) {
    ++summary.turns;
    std::set<std::string> codes;
    for (Coding& coding : coded[i]) {
      codes.insert(coding.code);
      codings.emplace_back(turns[i].id, std::move(coding));
    }
    for (const std::string& code : codes) ++summary.coded_turns[{code, turns[i].year}];
  }
  summary.codings = static_cast<int>(codings.size());
  store.Atomically([&] {
    store.ReplaceRuleCodings(codebook, codings);
    if (options.suggest_with) {
      summary.suggested = Suggest(store, codebook, *options.suggest_with, ModelsFor(store, options.starting_model));
    }
  });
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
