// The coding job: a codebook applied to every stored respondent turn.
//
// Replaces the rule codings made earlier with a codebook of the same id (one transaction), never touches
// manual codings, and returns the number of coded turns per code and year. Turns are coded on worker threads
// and written by one; the codings are the same, in the same order, whatever the number of threads.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <utility>

#include "code/coder.h"
#include "store/store.h"

namespace kansrijk {

struct CodeOptions {
  bool include_interviewer = false;  // also code interviewer and moderator turns
  int threads = 0;                   // coding threads; 0 = one per core
  // Called now and then from the calling thread with (turns coded, turns, a file being coded); the CLI draws
  // progress with it.
  std::function<void(size_t, size_t, const std::string&)> progress;
};

struct CodeSummary {
  int turns = 0;    // turns coded (looked at)
  int codings = 0;  // codings stored
  std::map<std::pair<std::string, int>, int> coded_turns;  // (code, year) → turns with that code
};

// "coded N turns with ID (M codings); coded turns per code and year:" and the table, code by year.
void WriteCodeSummary(const CodeSummary& summary, const Codebook& codebook, std::ostream& out);

CodeSummary CodeCorpus(Store& store, const Codebook& codebook, const Coder& coder, const CodeOptions& options = {});

}  // namespace kansrijk
