// The ingest job: corpus folder → store, incrementally.
//
// Each document is read, split into turns, normalised and tokenized for the search index on worker threads;
// one writer stores it in one transaction. A document whose bytes, metadata and parser version are unchanged is skipped, so a re-run
// on an unchanged corpus does almost nothing, and a re-run after an interruption completes the job.
// A document that fails is reported and the rest goes on; its previously stored version stays.
// Given a codebook, ingest also codes each document it stores, on the parser threads with the words they found, and
// stores the codings in the document's transaction; then it codes what else is not coded with it (pipeline/code.h),
// so that `code` afterwards has nothing left to do but the models' suggestions.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "ingest/corpus.h"
#include "pipeline/code.h"
#include "store/store.h"

namespace kansrijk {

struct IngestOptions {
  std::filesystem::path corpus = "corpus";
  bool prune = false;   // remove stored documents whose file is gone (otherwise they are only reported)
  int threads = 0;      // parser threads; 0 = one per core
  // Called after each document with (done, total, file), then, when a codebook makes ingest code documents it did
  // not read, with the turns coded; the CLI draws progress with it.
  std::function<void(size_t, size_t, const std::string&)> progress;
  const Codebook* codebook = nullptr;  // given: respondent turns are coded with it, as `code` would
};

struct IngestSummary {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> removed;  // pruned
  std::vector<std::string> missing;  // stored, file gone, not pruned
  std::vector<Error> errors;         // files and manifest rows that could not be used
  std::vector<Diagnostic> warnings;  // each with the file it concerns, when there is one
  std::optional<CodeSummary> coded;  // with a codebook
};

IngestSummary Ingest(Store& store, const IngestOptions& options);

// What `kansrijk ingest` prints: the counts and the corpus overview on `out` (unless `quiet`), then every
// warning, missing file and error, each with its file, on `diagnostics`.
void WriteIngestSummary(const IngestSummary& summary, const Store& store, const std::string& corpus,
                        const std::string& db, bool quiet, std::ostream& out, std::ostream& diagnostics);

}  // namespace kansrijk
