// How a code's model is tuned and judged, the same for `learn --evaluate` (on a gold set) and for `learn` (on the
// project's own coded turns): document-grouped cross-validation, with C and the thresholds chosen inside the
// training folds only.
//
//   std::vector<Unit> units = ...;                       // one per turn: features, document, gold, rules
//   CvResult r = CrossValidateCode(units, "financiering", {});
//   bool helps = r.combined.F1() > r.rules.F1() && r.combined.Precision() >= kMinPrecision;
//   Settings s = ChooseSettings(units, "financiering", {}); // C and thresholds for a model of all the units
//
// Rules plus model: the rules' coding, plus the model's where the rules did not code the turn and the
// probability reaches the threshold.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learn/model.h"

namespace kansrijk {

constexpr double kOff = 2;             // a threshold no probability reaches
constexpr double kMinPrecision = 0.85;  // issue 16: suggestions must be at least this precise
// A code is turned on only when at least this many of its suggestions were right in cross-validation: a precision
// measured on two suggestions says nothing (2 of 2 right: 95% Wilson interval 0.34 to 1). With 5 of 5 it is 0.57
// to 1, and the decision no longer flips with the number of folds (docs/accuracy.md).
constexpr int kMinRightSuggestions = 5;

// One respondent turn, for one code.
struct Unit {
  const std::string* document = nullptr;              // the unit of the folds
  const std::vector<std::string>* features = nullptr;  // TurnFeatures
  bool gold = false;      // the turn has the code (gold file, or the researchers' work)
  bool rule = false;      // the rules coded it
  bool testable = true;   // false: only ever in training folds (another corpus's turns)
  uint64_t order = 0;     // the learning curve's fixed pseudo-random order
};

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  void Add(bool gold, bool predicted) {
    tp += gold && predicted;
    fp += !gold && predicted;
    fn += gold && !predicted;
  }
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
  double F1() const { return 2 * tp + fp + fn ? 2.0 * tp / (2 * tp + fp + fn) : 0; }
  Counts& operator+=(const Counts& o) {
    tp += o.tp, fp += o.fp, fn += o.fn;
    return *this;
  }
};

struct SelectionOptions {
  int folds = 5;        // outer folds (CrossValidateCode)
  int inner_folds = 3;  // folds inside a training set (ChooseSettings)
  std::vector<double> c_grid = {0.1, 0.3, 1, 3};  // liblinear's C, chosen inside the training folds
  TrainOptions train;   // c is overridden by the grid
  int limit = 0;        // > 0: keep this many training units per fold (by Unit::order): the learning curve
};

struct Setting {
  double c = 1;
  double threshold = kOff;
};
struct Settings {
  Setting model;     // model alone: the C and threshold of best F1
  Setting combined;  // rules plus model: best F1 among thresholds that beat the rules' F1 with precision >=
                     // kMinPrecision (or the rules' own, when lower) and suggestions (the turns the model adds)
                     // of precision >= kMinPrecision; threshold kOff when none does
  double inner_rules_f1 = 0, inner_combined_f1 = 0;  // what the inner cross-validation measured
};

// C and thresholds for `code` from an inner document-grouped cross-validation over `units` (all of them train).
Settings ChooseSettings(const std::vector<const Unit*>& units, const std::string& code, const SelectionOptions& options);

struct CvResult {
  Counts rules, model, combined;
  Counts added;  // the suggestions alone: rules plus model on the turns the rules did not code
  int folds_with_model = 0, folds_on = 0;  // folds where a model could be trained; where rules+model was on
};
// The outer cross-validation: the testable units' documents dealt over options.folds; each fold tested with
// settings chosen on the others (plus the units that are not testable).
CvResult CrossValidateCode(const std::vector<Unit>& units, const std::string& code, const SelectionOptions& options);

// The fold of each turn, given the document of each turn: the distinct documents, sorted, are dealt round-robin
// over `folds`, so all turns of a document share one fold.
std::vector<int> DocumentFolds(const std::vector<std::string>& document_of_turn, int folds);

// FNV-1a: a hash that is the same on every platform and run (std::hash is neither promised to be).
uint64_t Fnv1a(const std::string& s);

}  // namespace kansrijk
