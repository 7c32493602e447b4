// `kansrijk learn`: per code, a model (learn/model.h) of the respondent turns researchers decided on, stored in
// the database with what it was trained on.
//
//   LearnResult r = Learn(store, {.coders = {"anna"}}, std::cout);  // prints one line per code
//
// Positives of code C are the respondent turns a researcher coded C or accepted C on. Negatives are the
// respondent turns the same researcher has seen (a seen mark on the turn or its document, or any coding,
// review or memo on the turn) without saying yes to C, which includes the turns where they rejected the rules'
// C. A turn one researcher affirmed is a positive, whatever another did.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "store/store.h"

namespace kansrijk {

struct LearnOptions {
  std::vector<std::string> coders;  // whose work to learn from; empty: every researcher with work
  std::vector<std::string> codes;   // empty: every code of the stored codebook, and every code researchers used
};

struct CodeTrainingSet {
  std::string code;
  std::vector<TurnRow> positives, negatives;  // respondent turns, by file and turn
};
// The training turns of every code asked for, in the order of `options.codes` (or the codebook's order, then the
// other codes researchers used, sorted). Throws Error when a coder asked for has no work in the database.
std::vector<CodeTrainingSet> CollectTrainingSets(const Store& store, const LearnOptions& options);

struct LearnResult {
  int trained = 0;
  std::vector<std::string> too_few;  // codes refused for too few examples (each printed with its counts)
};
// Trains a model per code and stores those that could be trained (replacing that code's earlier model), with the
// coders, counts and the hash of the codebook the rules were applied with. Prints one line per code on `out`.
LearnResult Learn(Store& store, const LearnOptions& options, std::ostream& out);

}  // namespace kansrijk
