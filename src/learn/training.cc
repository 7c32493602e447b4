#include "learn/training.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/error.h"
#include "base/file.h"
#include "learn/evaluate.h"
#include "learn/features.h"
#include "learn/model.h"
#include "learn/selection.h"
#include "learn/suggest.h"
#include "normalize/morphology.h"
#include "report/accuracy.h"

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

namespace {

// Trains the model of one code and decides, by document-grouped cross-validation on the same turns, whether it
// suggests (learn/selection.h).
CodeModel TrainAndDecide(const std::string& code, const std::vector<Unit>& units, const SelectionOptions& options) {
  std::vector<Example> examples;
  for (const Unit& u : units) examples.push_back({*u.features, u.gold});
  TrainOptions train = options.train;
  CodeModel model = CodeModel::Train(code, examples, train);  // throws TooFewExamples before any cross-validation
  std::set<std::string> documents;
  for (const Unit& u : units) documents.insert(*u.document);
  if (static_cast<int>(documents.size()) < options.folds) {
    model.Decide(kOff, fmt::format("off: the coded turns are in {} document{}, and deciding needs a {}-fold "
                                   "cross-validation over at least {} documents",
                                   documents.size(), documents.size() == 1 ? "" : "s", options.folds, options.folds));
    return model;
  }
  CvResult cv = CrossValidateCode(units, code, options);
  std::vector<const Unit*> all;
  for (const Unit& u : units) all.push_back(&u);
  Settings settings = ChooseSettings(all, code, options);
  const bool better = cv.combined.F1() > cv.rules.F1();
  const bool precise = cv.combined.Precision() >= kMinPrecision && cv.added.Precision() >= kMinPrecision;
  const bool enough = cv.added.tp >= kMinRightSuggestions;
  const bool on = better && precise && enough && settings.combined.threshold < kOff;
  train.c = on ? settings.combined.c : settings.model.c;
  model = CodeModel::Train(code, examples, train);
  // The model alone (kansrijk agree --gold): its own threshold from the same inner cross-validation. When the
  // model is on, it was trained with the C chosen for rules plus model, which may differ from the one chosen
  // for the model alone; the threshold is kept all the same (docs/accuracy.md).
  model.DecideAlone(settings.model.threshold);
  std::string measured = fmt::format("in a {}-fold document-grouped cross-validation on these turns, rules plus model "
                                     "had F1 {:.2f} (precision {:.2f}; {} suggestions, {} right) and the rules alone {:.2f}",
                                     options.folds, cv.combined.F1(), cv.combined.Precision(), cv.added.tp + cv.added.fp,
                                     cv.added.tp, cv.rules.F1());
  if (on) {
    model.Decide(settings.combined.threshold,
                 fmt::format("on: {}; suggests at probability {:.2f} or more (C {})", measured, settings.combined.threshold,
                             settings.combined.c));
  } else if (!better) {
    model.Decide(kOff, "off: " + measured + ": the model does not help this code yet");
  } else if (!precise) {
    model.Decide(kOff, fmt::format("off: {}: below the precision of {:.2f} suggestions need", measured, kMinPrecision));
  } else if (!enough) {
    model.Decide(kOff, fmt::format("off: {}: too few suggestions were right to decide on (at least {} are needed)",
                                   measured, kMinRightSuggestions));
  } else {
    model.Decide(kOff, "off: " + measured + ", but on all of them no threshold beat the rules");
  }
  return model;
}

}  // namespace

std::vector<CodeModel> LearnFromGold(const Store& store, const std::filesystem::path& gold_file,
                                     const SelectionOptions& options, std::ostream& out) {
  const GoldFile gold = ReadGoldFile(gold_file);
  const Morphology morphology = Morphology::Load();
  std::map<int64_t, std::set<std::string>> rules;
  for (const Store::ViewedCoding& c : store.CodedTurns({.coder = "auto"})) rules[c.turn_id].insert(c.code);
  if (rules.empty()) throw Error({}, "the database has no rule codings", "run kansrijk code --db DB first");
  const std::vector<TurnRow> turns = store.Turns({.speakers = TurnFilter::Speakers::kRespondent});
  std::vector<std::vector<std::string>> features;
  for (const TurnRow& t : turns) features.push_back(TurnFeatures(t.text, morphology));
  std::vector<CodeModel> models;
  for (const std::string& code : gold.codes) {
    std::vector<Unit> units;
    for (size_t i = 0; i < turns.size(); ++i) {
      units.push_back({.document = &turns[i].file, .features = &features[i],
                       .gold = gold.labels.contains({turns[i].file, turns[i].number, code}),
                       .rule = rules[turns[i].id].contains(code)});
    }
    try {
      models.push_back(TrainAndDecide(code, units, options));
      out << fmt::format("{}: learned from {} turns with it and {} without; suggestions {}\n", code,
                         models.back().positives(), models.back().negatives(), models.back().decision());
    } catch (const TooFewExamples& e) {
      out << code << ": " << e.what() << '\n';
    }
  }
  return models;
}

LearnResult Learn(Store& store, const LearnOptions& options, std::ostream& out) {
  std::vector<std::string> coders = options.coders.empty() ? store.Coders() : options.coders;
  if (coders.empty()) {
    throw Error({}, "nothing to learn from: no researcher has coded, reviewed or marked turns seen in this database",
                "code and review turns first (kansrijk coding, kansrijk review, kansrijk serve)");
  }
  const Morphology morphology = Morphology::Load();
  const std::string codebook_hash = store.CodebookHash();
  std::map<int64_t, std::set<std::string>> rules;  // turn id → the codes the rules found
  for (const Store::ViewedCoding& c : store.CodedTurns({.coder = "auto"})) rules[c.turn_id].insert(c.code);
  std::map<int64_t, std::vector<std::string>> features;  // turn id → TurnFeatures, computed once for every code
  LearnResult result;
  std::vector<StoredModel> models;
  for (const CodeTrainingSet& set : CollectTrainingSets(store, options)) {
    std::vector<Unit> units;
    for (const std::vector<TurnRow>* turns : {&set.positives, &set.negatives}) {
      for (const TurnRow& t : *turns) {
        auto [it, added] = features.try_emplace(t.id);
        if (added) it->second = TurnFeatures(t.text, morphology);
        units.push_back({.document = &t.file, .features = &it->second, .gold = turns == &set.positives,
                         .rule = rules[t.id].contains(set.code)});
      }
    }
    try {
      CodeModel model = TrainAndDecide(set.code, units, options.selection);
      models.push_back({.code = set.code, .model = model.Text(), .coders = coders, .positives = model.positives(),
                        .negatives = model.negatives(), .codebook_hash = codebook_hash});
      out << fmt::format("{}: learned from {} turns with it and {} without; suggestions {}\n", set.code, model.positives(),
                         model.negatives(), model.decision());
      result.on += model.on();
    } catch (const TooFewExamples& e) {
      out << set.code << ": " << e.what() << '\n';
      result.too_few.push_back(set.code);
    }
  }
  store.PutModels(models);
  result.trained = static_cast<int>(models.size());
  out << fmt::format("{} model{} stored (coders: {}); {} suggest{}\n", result.trained, result.trained == 1 ? "" : "s",
                     fmt::join(coders, ", "), result.on, result.on == 1 ? "s" : "");
  return result;
}

int RunLearn(const LearnCommand& command, std::ostream& out) {
  if (command.folds < 2) throw Error({}, fmt::format("--folds {} is too few to cross-validate", command.folds), "give 2 or more (default 5)");
  if (command.evaluate) {
    EvaluateLearningFiles(command.db, command.gold, command.also, {.folds = command.folds, .codes = command.learn.codes}, out);
    return 0;
  }
  if (!command.also.empty()) throw Error({}, "--also goes with --evaluate", "add --evaluate, or leave out --also");
  if (command.gold.empty() != command.out.empty()) {
    throw Error({}, "a starting model needs both --gold and --out",
                "e.g. kansrijk learn --gold tests/gold/gold.csv --db gold.db --out codebook/kansrijke-start.model");
  }
  Store store = Store::Open(command.db, {.must_exist = true});
  LearnOptions learn = command.learn;
  learn.selection.folds = command.folds;
  if (command.out.empty()) return Learn(store, learn, out).trained == 0 ? 1 : 0;
  std::vector<CodeModel> models = LearnFromGold(store, command.gold, learn.selection, out);
  WriteFileAtomically(command.out, ModelFileText(models));
  int on = 0;
  for (const CodeModel& m : models) on += m.on();
  out << fmt::format("wrote {}: {} model{}, {} on{}\n", command.out, models.size(), models.size() == 1 ? "" : "s", on,
                     on ? "" : " (every code's suggestions are off: cross-validation found no code the model helps)");
  return models.empty() ? 1 : 0;
}

}  // namespace kansrijk
