#include "pipeline/code.h"

#include <fmt/format.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

namespace kansrijk {

namespace {

// This program's GNU build id: the linker's hash of its contents, read from the program's own notes (no library
// reads it). Without one (a build that left it out), a value no other run has, so every document is coded again.
std::string ProgramId() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& header = info->dlpi_phdr[i];
          if (header.p_type != PT_NOTE) continue;
          const char* at = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
          const char* end = at + header.p_memsz;
          while (at + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(at);
            const char* name = at + sizeof(ElfW(Nhdr));
            const auto* desc = reinterpret_cast<const unsigned char*>(name + ((note->n_namesz + 3) & ~3u));
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              std::string& hex = *static_cast<std::string*>(out);
              for (size_t b = 0; b < note->n_descsz; ++b) hex += fmt::format("{:02x}", desc[b]);
              return 1;
            }
            at = reinterpret_cast<const char*>(desc) + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;  // the first object is the program itself: the libraries do not count
      },
      &id);
  if (id.empty()) {
    id = fmt::format("no build id {} {}", getpid(), std::chrono::steady_clock::now().time_since_epoch().count());
  }
  return id;
}

}  // namespace

std::string CodingKey(const Codebook& codebook, const Morphology& morphology, bool include_interviewer) {
  static const std::string program = ProgramId();
  return fmt::format("{}|{}|{}|{}", codebook.content_hash, include_interviewer ? "all turns" : "respondents",
                     program, morphology.SplitsKey());
}

CodeSummary CodeCorpus(Store& store, const Codebook& codebook, const Coder& coder, const CodeOptions& options) {
  TurnFilter filter;
  if (!options.include_interviewer) filter.speakers = TurnFilter::Speakers::kRespondent;
  const std::string key = CodingKey(codebook, coder.morphology(), options.include_interviewer);
  // The documents to code: those not coded under this key; `stale` stays empty when that is every document.
  std::vector<std::string> stale;
  bool everything = options.all;
  if (!everything) {
    stale = store.FilesNotCodedWith(codebook.id, key);
    // Every document, or so many that naming them all would pass SQLite's limit on a statement's values.
    everything = stale.size() == static_cast<size_t>(store.CountDocuments()) || stale.size() > 10'000;
    if (everything) stale.clear();
  }
  CodeSummary summary;
  if (everything || !stale.empty()) {
    TurnFilter coding = filter;
    coding.files = stale;
    const std::vector<TurnRow> turns = store.Turns(coding);
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
      for (Coding& coding : coded[i]) codings.emplace_back(turns[i].id, std::move(coding));
    }
    summary.coded = static_cast<int>(turns.size());
    store.Atomically([&] {
      store.ReplaceRuleCodings(codebook, key, codings, stale);
      if (options.suggest_with) {
        summary.suggested = Suggest(store, codebook, *options.suggest_with, ModelsFor(store, options.starting_model));
      }
    });
  } else if (options.suggest_with) {  // the rule codings are current; the models may not be
    store.Atomically([&] {
      summary.suggested = Suggest(store, codebook, *options.suggest_with, ModelsFor(store, options.starting_model));
    });
  }
  Store::RuleCodingCount count = store.CountRuleCodings(codebook.id, filter);
  summary.turns = count.turns;
  summary.codebook = codebook.id;
  summary.codings = count.codings;
  summary.coded_turns = std::move(count.coded_turns);
  return summary;
}

void WriteCodeSummary(const CodeSummary& summary, const Codebook& codebook, std::ostream& out) {
  std::set<int> years;
  for (const auto& [key, n] : summary.coded_turns) years.insert(key.second);
  if (summary.coded == summary.turns) {
    out << fmt::format("coded {} turns with {} ({} codings); coded turns per code and year:\n\n", summary.turns,
                       codebook.id, summary.codings);
  } else {
    out << fmt::format("{} turns coded with {} ({} codings): {} now, {} already before, by `ingest --codebook` or an "
                       "earlier `code` (--all codes them again); coded turns per code and year:\n\n",
                       summary.turns, codebook.id, summary.codings, summary.coded, summary.turns - summary.coded);
  }
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
