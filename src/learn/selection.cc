#include "learn/selection.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace kansrijk {

namespace {

// Probabilities of `test` from a model of `code` trained on `train` with C = `c`; none when there are too few
// examples.
std::optional<std::vector<double>> TrainAndPredict(const std::vector<const Unit*>& train, const std::vector<const Unit*>& test,
                                                   const std::string& code, TrainOptions options, double c) {
  std::vector<Example> examples;
  for (const Unit* unit : train) examples.push_back({*unit->features, unit->gold});
  options.c = c;
  try {
    CodeModel model = CodeModel::Train(code, examples, options);
    std::vector<double> p;
    for (const Unit* unit : test) p.push_back(model.Probability(*unit->features));
    return p;
  } catch (const TooFewExamples&) {
    return std::nullopt;
  }
}

std::vector<int> FoldsOf(const std::vector<const Unit*>& units, int folds) {
  std::vector<std::string> documents;
  for (const Unit* unit : units) documents.push_back(*unit->document);
  return DocumentFolds(documents, folds);
}

}  // namespace

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::vector<int> DocumentFolds(const std::vector<std::string>& document_of_turn, int folds) {
  std::set<std::string> documents(document_of_turn.begin(), document_of_turn.end());
  std::map<std::string, int> fold;
  int next = 0;
  for (const std::string& document : documents) fold[document] = next++ % folds;
  std::vector<int> out;
  for (const std::string& document : document_of_turn) out.push_back(fold[document]);
  return out;
}

Settings ChooseSettings(const std::vector<const Unit*>& units, const std::string& code, const SelectionOptions& options) {
  std::vector<int> fold = FoldsOf(units, options.inner_folds);
  Counts rules;
  for (const Unit* unit : units) rules.Add(unit->gold, unit->rule);
  Settings best;
  best.inner_rules_f1 = best.inner_combined_f1 = rules.F1();
  double best_model = 0;
  for (double c : options.c_grid) {
    std::vector<double> p(units.size(), 0);  // out-of-fold probabilities; 0 where no model could be trained
    for (int f = 0; f < options.inner_folds; ++f) {
      std::vector<const Unit*> in, out;
      std::vector<size_t> where;
      for (size_t i = 0; i < units.size(); ++i) {
        (fold[i] == f ? out : in).push_back(units[i]);
        if (fold[i] == f) where.push_back(i);
      }
      if (out.empty()) continue;
      if (auto probabilities = TrainAndPredict(in, out, code, options.train, c)) {
        for (size_t j = 0; j < where.size(); ++j) p[where[j]] = (*probabilities)[j];
      }
    }
    for (int step = 1; step <= 19; ++step) {
      double t = step * 0.05;
      Counts model, combined, added;
      for (size_t i = 0; i < units.size(); ++i) {
        model.Add(units[i]->gold, p[i] >= t);
        combined.Add(units[i]->gold, units[i]->rule || p[i] >= t);
        if (!units[i]->rule) added.Add(units[i]->gold, p[i] >= t);
      }
      if (model.F1() > best_model) best_model = model.F1(), best.model = {c, t};
      // Suggestions must be precise (issue 16: precision at least 0.85): rules plus model (or as precise as the
      // rules, where they are not), and the suggestions themselves, the turns the model adds. Without the second,
      // precise rules carry imprecise suggestions over the floor (docs/accuracy.md). Ties keep the smaller C (the
      // grid's order) and the lower threshold.
      bool precise = combined.Precision() >= std::min(kMinPrecision, rules.Precision()) &&
                     added.tp + added.fp > 0 && added.Precision() >= kMinPrecision;
      if (precise && combined.F1() > best.inner_combined_f1) best.inner_combined_f1 = combined.F1(), best.combined = {c, t};
    }
  }
  return best;
}

CvResult CrossValidateCode(const std::vector<Unit>& units, const std::string& code, const SelectionOptions& options) {
  std::vector<const Unit*> testable;
  for (const Unit& unit : units) {
    if (unit.testable) testable.push_back(&unit);
  }
  std::vector<int> fold = FoldsOf(testable, options.folds);
  CvResult r;
  for (int f = 0; f < options.folds; ++f) {
    std::vector<const Unit*> train, test;
    for (size_t i = 0; i < testable.size(); ++i) (fold[i] == f ? test : train).push_back(testable[i]);
    for (const Unit& unit : units) {
      if (!unit.testable) train.push_back(&unit);
    }
    if (options.limit > 0 && options.limit < static_cast<int>(train.size())) {
      std::sort(train.begin(), train.end(), [](const Unit* a, const Unit* b) { return a->order < b->order; });
      train.resize(options.limit);
    }
    Settings s = ChooseSettings(train, code, options);
    std::optional<std::vector<double>> model = TrainAndPredict(train, test, code, options.train, s.model.c);
    std::optional<std::vector<double>> combined =
        s.combined.threshold < kOff ? TrainAndPredict(train, test, code, options.train, s.combined.c) : std::nullopt;
    r.folds_with_model += model.has_value();
    r.folds_on += combined.has_value();
    for (size_t i = 0; i < test.size(); ++i) {
      r.rules.Add(test[i]->gold, test[i]->rule);
      r.model.Add(test[i]->gold, model && (*model)[i] >= s.model.threshold);
      bool suggested = !test[i]->rule && combined && (*combined)[i] >= s.combined.threshold;
      r.combined.Add(test[i]->gold, test[i]->rule || suggested);
      if (!test[i]->rule) r.added.Add(test[i]->gold, suggested);
    }
  }
  return r;
}

}  // namespace kansrijk
