#include "pipeline/ingest.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "ingest/interviewer_guess.h"
#include "ingest/read_transcript.h"
#include "report/corpus_overview.h"
#include "segment/segment.h"

namespace kansrijk {

namespace {

// Bump when reading or segmenting changes what is stored: every document is then read again.
// 2: liberal cue readers and speaker labels; 3: labels alone on a line, w:t white space, the interviewer guess.
constexpr const char* kParserVersion = "parser/3";

std::string Hex128(XXH128_hash_t hash) { return fmt::format("{:016x}{:016x}", hash.high64, hash.low64); }

// Everything that decides what is stored for a document besides its bytes.
std::string MetadataKey(const SourceFile& source, const InterviewerLabels& corpus_interviewers) {
  std::string key = fmt::format("{}|{}|{}|", kParserVersion, source.meta.year, ToString(source.meta.type));
  for (const auto& [name, value] : source.meta.variables) key += name + "=" + value + "|";
  for (const std::string& label : source.meta.interviewers) key += "i:" + label + "|";
  for (const std::string& label : corpus_interviewers.labels()) key += "c:" + label + "|";
  return key;
}

// The work done off the writer's thread for one document.
struct Prepared {
  const SourceFile* source = nullptr;
  bool unchanged = false;
  std::optional<Transcript> transcript;
  std::vector<SegmentedTurn> segments;
  std::optional<DocumentCodings> codings;
  std::string content_hash, fingerprint;
  uint64_t bytes = 0;
  std::optional<Error> error;
};

// Ingest's coding, when it has a codebook: with the store's morphology, whose tables of words the index fills.
struct CodingWhileIngesting {
  const Coder& coder;
  std::string key;  // CodingKey
};

Prepared Prepare(const Store& store, const SourceFile& source, const InterviewerLabels& corpus_interviewers,
                 const std::map<std::string, std::string>& stored_fingerprints, const CodingWhileIngesting* coding) {
  Prepared prepared;
  prepared.source = &source;
  try {
    // Read once, within the size limit: the fingerprint and the parse see the same bytes.
    std::string bytes = ReadTranscriptBytes(source.path, source.name);
    prepared.bytes = bytes.size();
    prepared.content_hash = Hex128(XXH3_128bits(bytes.data(), bytes.size()));
    std::string key = MetadataKey(source, corpus_interviewers);
    XXH3_state_t* state = XXH3_createState();
    XXH3_128bits_reset(state);
    XXH3_128bits_update(state, bytes.data(), bytes.size());
    XXH3_128bits_update(state, key.data(), key.size());
    prepared.fingerprint = Hex128(XXH3_128bits_digest(state));
    XXH3_freeState(state);
    auto stored = stored_fingerprints.find(source.name);
    if (stored != stored_fingerprints.end() && stored->second == prepared.fingerprint) {
      prepared.unchanged = true;
      return prepared;
    }
    InterviewerLabels interviewers = corpus_interviewers;
    for (const std::string& label : source.meta.interviewers) interviewers.Add(label);
    prepared.transcript = ParseTranscript(bytes, source.path, source.name, interviewers);
    if (std::optional<std::string> guess = GuessInterviewer(prepared.transcript->turns)) {
      prepared.transcript->warnings.push_back({{source.name}, *guess});  // stored with the document, like the rest
    }
    if (coding) prepared.codings.emplace(DocumentCodings{coding->coder.codebook(), coding->key, {}});
    // Stage by stage over the whole document, not turn by turn: hunspell's tables (the splits) and the coder's
    // stay in the core's cache between one word's questions and the next; each of hunspell's answers took twice
    // as long with ICU and RE2 run in between (docs/performance.md, eighth step).
    const std::vector<Turn>& turns = prepared.transcript->turns;
    for (const Turn& turn : turns) prepared.segments.push_back(SegmentTurn(turn.text));
    store.PrepareIndexForms(prepared.segments);
    if (coding) {
      for (size_t t = 0; t < turns.size(); ++t) {
        prepared.codings->turns.push_back(turns[t].is_interviewer ? std::vector<Coding>()
                                                                  : coding->coder.Apply(turns[t].text, prepared.segments[t]));
      }
    }
  } catch (const Error& error) {
    prepared.error = error;
  } catch (const std::exception& error) {  // a library failure (bad_alloc, ...) still names the file
    prepared.error = Error({source.name}, std::string("could not be read: ") + error.what());
  }
  return prepared;
}

}  // namespace

IngestSummary Ingest(Store& store, const IngestOptions& options) {
  std::optional<Coder> coder;  // compiled first: a rule RE2 refuses stops the run before it writes anything
  std::optional<CodingWhileIngesting> coding;
  if (options.codebook) {
    coder.emplace(*options.codebook, store.morphology());
    coding.emplace(
        CodingWhileIngesting{*coder, CodingKey(*options.codebook, store.morphology(), /*include_interviewer=*/false)});
  }
  IngestSummary summary;
  CorpusListing listing = ListCorpus(options.corpus, store.File());
  summary.errors = std::move(listing.errors);
  summary.warnings = std::move(listing.warnings);

  std::string root = std::filesystem::weakly_canonical(options.corpus).string();
  if (std::optional<std::string> stored_root = store.CorpusRoot(); stored_root && *stored_root != root) {
    throw Error({}, fmt::format("this database holds the corpus {}, not {}", *stored_root, root),
                "give each corpus its own database with --db FILE");
  }
  store.SetCorpusRoot(root);
  store.RecallWordParts();

  std::map<std::string, std::string> stored;
  for (const StoredDocument& document : store.Documents()) stored[document.file] = document.fingerprint;

  // Parse ahead on worker threads, store in order on this one: the database sees one writer, and
  // documents get the same ids on every run. The parser threads live for the whole run, so what each keeps per
  // thread (its ICU word iterator, its tables of the words it met last) serves every document it parses: a thread
  // per document started them empty each time. A parser takes the next document only while fewer than `ahead`
  // documents wait for the writer, so memory stays a few documents' worth. One parser per core, up to two documents
  // each ahead of the writer: on 2 cores, 20 MB, that ingested 8 % faster than three parsers three documents ahead
  // (docs/performance.md, sixth step).
  const size_t total = listing.sources.size();
  const size_t parsers =
      std::min(total, std::max<size_t>(1, options.threads > 0 ? options.threads : std::thread::hardware_concurrency()));
  const size_t ahead = 2 * parsers;
  std::vector<std::promise<Prepared>> promised(total);
  std::mutex mutex;
  std::condition_variable may_take;
  size_t next = 0, taken = 0;  // documents handed to a parser; documents the writer took
  bool stop = false;           // the writer failed: parsers end after their document
  auto parse = [&] {
    for (;;) {
      size_t index;
      {
        std::unique_lock lock(mutex);
        may_take.wait(lock, [&] { return stop || next >= total || next < taken + ahead; });
        if (stop || next >= total) return;
        index = next++;
      }
      try {
        promised[index].set_value(
            Prepare(store, listing.sources[index], listing.interviewers, stored, coding ? &*coding : nullptr));
      } catch (...) {  // Prepare reports a file's failures itself: this is only what escapes it, for the writer
        promised[index].set_exception(std::current_exception());
      }
    }
  };
  std::vector<std::jthread> threads;  // joined before `promised` goes: declared after it
  struct StopParsers {  // on the way out, normal or not: no parser waits for a writer that is gone
    std::mutex& mutex;
    std::condition_variable& may_take;
    bool& stop;
    ~StopParsers() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      may_take.notify_all();
    }
  };
  for (size_t t = 0; t < parsers; ++t) threads.emplace_back(parse);
  StopParsers stop_parsers{mutex, may_take, stop};  // destroyed before `threads` are joined
  // New files will be parsed: load hunspell for every parser here, while this thread has nothing to store yet and
  // the parsers read and segment their first documents, instead of each parser at its first split while the others
  // wait (20 MB: a second core idle for some 0.2 s at the start). An ingest of unchanged files never loads it.
  if (stored.size() < total) store.morphology().LoadDictionaries(parsers);
  for (size_t done = 0; done < total;) {
    Prepared prepared = promised[done].get_future().get();
    {
      std::lock_guard lock(mutex);
      taken = done + 1;
    }
    may_take.notify_one();
    const SourceFile& source = *prepared.source;
    if (prepared.error) {
      summary.errors.push_back(*prepared.error);
    } else if (prepared.unchanged) {
      ++summary.unchanged;
    } else {
      Reanchored reanchored =
          store.PutDocument({source, *prepared.transcript, prepared.segments, prepared.content_hash,
                             prepared.fingerprint, prepared.bytes, prepared.codings ? &*prepared.codings : nullptr});
      if (reanchored.orphaned > 0) {
        summary.warnings.push_back(
            {{source.name},
             fmt::format("{} of the researchers' codings, reviews or memos could not be placed on the changed text; "
                         "they are kept: `kansrijk coding orphans` lists them",
                         reanchored.orphaned)});
      }
      if (reanchored.similar > 0) {
        summary.warnings.push_back(
            {{source.name},
             fmt::format("{} of the researchers' reviews, memos or seen marks were placed on a turn whose text changed "
                         "slightly; `kansrijk coding list` shows them on their new text",
                         reanchored.similar)});
      }
      ++(stored.contains(source.name) ? summary.updated : summary.added);
      summary.warnings.insert(summary.warnings.end(), prepared.transcript->warnings.begin(),
                              prepared.transcript->warnings.end());
    }
    ++done;
    if (options.progress) options.progress(done, total, source.name);
  }
  threads.clear();

  std::set<std::string> present;
  for (const SourceFile& source : listing.sources) present.insert(source.name);
  for (const Error& error : summary.errors) present.insert(error.where().file);  // failed: keep what is stored
  for (const auto& [file, fingerprint] : stored) {
    if (present.contains(file)) continue;
    if (options.prune) {
      store.RemoveDocument(file);
      summary.removed.push_back(file);
    } else {
      summary.missing.push_back(file);
    }
  }
  // The documents left uncoded: unchanged since a run without this codebook, or coded with another version of it.
  if (coder) summary.coded = CodeCorpus(store, *options.codebook, *coder, {.progress = options.progress});
  store.KeepWordParts();  // what coding them split (each stored document kept its own words' splits)
  store.RecordRun(root, summary.added, summary.updated, summary.unchanged, static_cast<int>(summary.removed.size()),
                  static_cast<int>(summary.errors.size()));
  return summary;
}

void WriteIngestSummary(const IngestSummary& summary, const Store& store, const std::string& corpus,
                        const std::string& db, bool quiet, std::ostream& out, std::ostream& diagnostics) {
  if (!quiet) {
    out << fmt::format("{}: {} added, {} updated, {} unchanged, {} removed, {} failed; database {}\n\n", corpus,
                       summary.added, summary.updated, summary.unchanged, summary.removed.size(),
                       summary.errors.size(), db);
    WriteCorpusOverview(store, OverviewFormat::kText, out, /*with_warnings=*/false);  // printed below, as found
    if (summary.coded) {
      out << fmt::format("\ncoded with {}: {} turns, {} codings; `kansrijk code` shows them per code and year\n",
                         summary.coded->codebook, summary.coded->turns, summary.coded->codings);
    }
    if (!summary.warnings.empty()) out << fmt::format("\n{} warning(s), see below.\n", summary.warnings.size());
  }
  for (const Diagnostic& warning : summary.warnings) diagnostics << "warning: " << warning.ToString() << "\n";
  for (const std::string& file : summary.missing) {
    diagnostics << "warning: " << file << ": stored, but the file is gone (run with --prune to remove it)\n";
  }
  for (const Error& error : summary.errors) diagnostics << "error: " << error.what() << "\n";
}

}  // namespace kansrijk
