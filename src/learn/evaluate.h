// `kansrijk learn --evaluate`: whether a model learned from coded turns adds to the rules, measured on a gold set
// by document-grouped cross-validation, never assumed.
//
//   Store store = Store::Open("gold.db");  // filled from tests/gold/corpus and coded by the rules
//   EvaluateLearning({"tests/gold", &store, "tests/gold/gold.csv"}, {}, {}, std::cout);
//
// Every respondent turn of the database is a unit, labelled by the gold file (a turn it does not name has none
// of its codes), predicted by the rules (the database's rule codings), by the model alone, and by rules plus
// model: the model adds a code where the rules did not code it and its probability reaches a threshold. The
// documents are dealt over the folds, so no document has turns on both sides. Both thresholds (model alone,
// rules plus model) are chosen inside the training folds only, by a second, inner document-grouped
// cross-validation there (learn/selection.h), with C from a small grid; rules plus model takes a threshold only
// where it beat the rules' F1 there with a precision of at least 0.85 (or the rules' own, when lower) and its
// suggestions alone at least 0.85 precise, else it is the rules. Corpora given as `training_only` add their turns to every training fold and are never tested on.
// Then a learning curve: the same with 25, 50, 100 and all training turns (taken in a fixed pseudo-random order).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "learn/selection.h"
#include "store/store.h"

namespace kansrijk {

struct GoldCorpus {
  std::string name;                // as printed, e.g. tests/gold
  const Store* store = nullptr;    // filled from the gold set's corpus and coded by the rules (kansrijk code)
  std::filesystem::path gold;      // its gold CSV
};

struct EvaluateOptions {
  int folds = 5;
  int inner_folds = 3;
  std::vector<int> curve = {25, 50, 100};  // training sizes of the learning curve, besides all
  std::vector<std::string> codes;          // empty: the gold file's
};

// Prints Markdown tables on `out`. Throws Error when the database lacks documents the gold file names or has
// no rule codings.
void EvaluateLearning(const GoldCorpus& evaluated, const std::vector<GoldCorpus>& training_only,
                      const EvaluateOptions& options, std::ostream& out);

// `kansrijk learn --evaluate`: opens `db` (filled from the corpus of `gold`) and each "GOLD=DB" of `also` (training
// only), names each corpus by its gold file's folder, and evaluates. Throws Error for a missing file or a
// malformed "GOLD=DB".
void EvaluateLearningFiles(const std::string& db, const std::string& gold, const std::vector<std::string>& also,
                           const EvaluateOptions& options, std::ostream& out);

}  // namespace kansrijk
