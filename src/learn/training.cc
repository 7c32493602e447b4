#include "learn/training.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/error.h"
#include "learn/features.h"
#include "learn/model.h"
#include "normalize/morphology.h"

namespace kansrijk {

std::vector<CodeTrainingSet> CollectTrainingSets(const Store& store, const LearnOptions& options) {
  std::vector<std::string> coders = options.coders;
  const std::vector<std::string> all_coders = store.Coders();
  if (coders.empty()) coders = all_coders;
  for (const std::string& coder : coders) {
    if (std::find(all_coders.begin(), all_coders.end(), coder) == all_coders.end()) {
      throw Error({}, "coder '" + coder + "' has no work in this database", "see kansrijk review progress, or leave out --coder");
    }
  }
  using TurnKey = std::pair<std::string, int>;  // file, turn number
  std::map<TurnKey, const TurnRow*> by_key;
  std::map<std::string, std::vector<const TurnRow*>> by_file;
  const std::vector<TurnRow> turns = store.Turns({.speakers = TurnFilter::Speakers::kRespondent});
  for (const TurnRow& t : turns) {
    by_key[{t.file, t.number}] = &t;
    by_file[t.file].push_back(&t);
  }
  // Per coder: the turns seen, and per code the turns affirmed.
  std::map<std::string, std::set<TurnKey>> positive;  // code → turns
  std::map<std::string, std::set<TurnKey>> seen;      // coder → turns
  std::map<std::string, std::set<TurnKey>> affirmed;  // coder + '\n' + code → turns
  std::set<std::string> used_codes;
  for (const std::string& coder : coders) {
    for (const ManualWork& w : store.ManualWorkList({.coder = coder})) {
      if (!w.orphaned.empty() || w.file.empty()) continue;
      if (!w.turn) {
        if (w.kind == ManualWork::Kind::kSeen) {
          for (const TurnRow* t : by_file[w.file]) seen[coder].insert({t->file, t->number});
        }
        continue;
      }
      TurnKey key{w.file, *w.turn};
      if (!by_key.contains(key)) continue;  // an interviewer's turn
      seen[coder].insert(key);
      if (w.Affirms()) {
        positive[w.code].insert(key);
        affirmed[coder + '\n' + w.code].insert(key);
      }
      if (!w.code.empty()) used_codes.insert(w.code);
    }
  }
  std::vector<std::string> codes = options.codes;
  if (codes.empty()) {
    for (const StoredCode& c : store.Codes()) {
      if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) codes.push_back(c.code);
    }
    for (const std::string& c : used_codes) {
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
  }
  std::vector<CodeTrainingSet> sets;
  for (const std::string& code : codes) {
    CodeTrainingSet set{code};
    std::set<TurnKey> negative;
    for (const std::string& coder : coders) {
      const std::set<TurnKey>& yes = affirmed[coder + '\n' + code];
      for (const TurnKey& key : seen[coder]) {
        if (!yes.contains(key)) negative.insert(key);
      }
    }
    for (const TurnKey& key : positive[code]) set.positives.push_back(*by_key[key]);
    for (const TurnKey& key : negative) {
      if (!positive[code].contains(key)) set.negatives.push_back(*by_key[key]);
    }
    sets.push_back(std::move(set));
  }
  return sets;
}

LearnResult Learn(Store& store, const LearnOptions& options, std::ostream& out) {
  std::vector<std::string> coders = options.coders.empty() ? store.Coders() : options.coders;
  if (coders.empty()) {
    throw Error({}, "nothing to learn from: no researcher has coded, reviewed or marked turns seen in this database",
                "code and review turns first (kansrijk coding, kansrijk review, kansrijk serve)");
  }
  const Morphology morphology = Morphology::Load();
  const std::string codebook_hash = store.CodebookHash();
  LearnResult result;
  std::vector<StoredModel> models;
  for (const CodeTrainingSet& set : CollectTrainingSets(store, options)) {
    std::vector<Example> examples;
    for (const TurnRow& t : set.positives) examples.push_back({TurnFeatures(t.text, morphology), true});
    for (const TurnRow& t : set.negatives) examples.push_back({TurnFeatures(t.text, morphology), false});
    try {
      CodeModel model = CodeModel::Train(set.code, examples);
      models.push_back({.code = set.code, .model = model.Text(), .coders = coders, .positives = model.positives(),
                        .negatives = model.negatives(), .codebook_hash = codebook_hash});
      out << fmt::format("{}: learned from {} turns with it and {} without\n", set.code, model.positives(), model.negatives());
    } catch (const TooFewExamples& e) {
      out << set.code << ": " << e.what() << '\n';
      result.too_few.push_back(set.code);
    }
  }
  store.PutModels(models);
  result.trained = static_cast<int>(models.size());
  out << fmt::format("{} model{} stored (coders: {})\n", result.trained, result.trained == 1 ? "" : "s", fmt::join(coders, ", "));
  return result;
}

}  // namespace kansrijk
