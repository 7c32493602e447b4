// The coding job: a codebook applied to every stored respondent turn.
//
// Replaces the rule codings made earlier with a codebook of the same id (one transaction), never touches
// manual codings, and returns the number of coded turns per code and year.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>

#include "code/coder.h"
#include "store/store.h"

namespace kansrijk {

struct CodeOptions {
  bool include_interviewer = false;  // also code interviewer and moderator turns
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
