// The coding job: a codebook applied to every stored respondent turn.
//
// Replaces the rule codings made earlier with a codebook of the same id (one transaction), never touches
// manual codings (nor the researchers' reviews of suggestions), and returns the number of coded turns per code and
// year. A document already coded under the same CodingKey (by an earlier `code`, or by `ingest --codebook` as it
// stored the document) is not coded again: its codings would be the same. Turns are coded on worker threads and
// written by one; the codings are the same, in the same order, whatever the number of threads.
#pragma once

#include <functional>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "code/coder.h"
#include "learn/suggest.h"
#include "store/store.h"

namespace kansrijk {

struct CodeOptions {
  bool include_interviewer = false;  // also code interviewer and moderator turns
  int threads = 0;                   // coding threads; 0 = one per core
  bool all = false;                  // also the documents coded under the same CodingKey
  // Called now and then from the calling thread with (turns coded, turns, a file being coded); the CLI draws
  // progress with it.
  std::function<void(size_t, size_t, const std::string&)> progress;
  // Given, the learned models' suggestions (learn/suggest.h) replace the stored ones, in the same transaction as
  // the rule codings: the database's own models, else `starting_model` (StartingModelOf the codebook).
  const Morphology* suggest_with = nullptr;
  std::filesystem::path starting_model;
};

struct CodeSummary {
  std::string codebook;  // its id
  int turns = 0;    // turns with the codebook's codings (looked at), now or before
  int coded = 0;    // of those, the turns coded in this run
  int codings = 0;  // codings stored
  std::map<std::pair<std::string, int>, int> coded_turns;  // (code, year) → turns with that code
  std::optional<SuggestSummary> suggested;
};

// "coded N turns with ID (M codings); coded turns per code and year:" and the table, code by year; then what the
// models suggested.
void WriteCodeSummary(const CodeSummary& summary, const Codebook& codebook, std::ostream& out);

CodeSummary CodeCorpus(Store& store, const Codebook& codebook, const Coder& coder, const CodeOptions& options = {});

// What a document's rule codings depend on besides its text: the codebook's content, whether interviewer turns are
// coded, this program (its GNU build id, the linker's hash of it, so that any other build codes again) and the
// dictionary and rules of the compound splits (Morphology::SplitsKey).
std::string CodingKey(const Codebook& codebook, const Morphology& morphology, bool include_interviewer);

// Codes one turn that ingest has segmented already (segment/segment.h): the codings Coder::Apply gives its text.
// Interviewer turns get none unless `include_interviewer`.

}  // namespace kansrijk
