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

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "learn/model.h"
#include "learn/selection.h"
#include "store/store.h"

namespace kansrijk {

struct LearnOptions {
  std::vector<std::string> coders;  // whose work to learn from; empty: every researcher with work
  std::vector<std::string> codes;   // empty: every code of the stored codebook, and every code researchers used
  SelectionOptions selection;       // the cross-validation that decides whether a code's model suggests
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
  int on = 0;                        // models that suggest (cross-validation found they help)
  std::vector<std::string> too_few;  // codes refused for too few examples (each printed with its counts)
};
// Trains a model per code and stores those that could be trained (replacing that code's earlier model), with the
// coders, counts and the hash of the codebook the rules were applied with. Each model is stored "on" (it suggests,
// from its threshold) only when a document-grouped cross-validation on the same turns (learn/selection.h) found
// rules plus model beat the rules with precision >= kMinPrecision and at least kMinRightSuggestions right
// suggestions; else "off", with the reason, which is
// printed with each code's line on `out`.
LearnResult Learn(Store& store, const LearnOptions& options, std::ostream& out);

// The starting model (`make starting-model`): a model per code of a gold file, from the respondent turns of
// `store` (filled from the gold set's corpus and coded by the rules), each decided on or off by the same
// cross-validation as Learn. Deterministic: the same gold set gives the same models, byte for byte.
std::vector<CodeModel> LearnFromGold(const Store& store, const std::filesystem::path& gold, const SelectionOptions& options,
                                     std::ostream& out);

// `kansrijk learn`, its three ways, as the command line gives them:
//   (nothing)           Learn on the database's researchers' work; status 1 when no model could be trained
//   --evaluate --gold   EvaluateLearningFiles (learn/evaluate.h): the figures of docs/accuracy.md
//   --gold --out FILE   LearnFromGold, written to FILE (0600, atomically): `make starting-model`
struct LearnCommand {
  std::string db, gold, out;
  std::vector<std::string> also;  // --evaluate only: GOLD=DB
  bool evaluate = false;
  LearnOptions learn;
  int folds = 5;
};
int RunLearn(const LearnCommand& command, std::ostream& out);  // the exit status

}  // namespace kansrijk
