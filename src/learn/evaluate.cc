#include "learn/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "base/error.h"
#include "learn/features.h"
#include "learn/model.h"
#include "learn/selection.h"
#include "normalize/morphology.h"
#include "report/accuracy.h"

namespace kansrijk {

namespace {

// One respondent turn of a gold corpus.
struct Item {
  std::string document;             // corpus name + file: the unit of the folds
  std::vector<std::string> features;
  std::set<std::string> gold, rules;
  uint64_t order = 0;               // the learning curve's fixed pseudo-random order
};

std::vector<Item> LoadItems(const GoldCorpus& corpus, const Morphology& morphology) {
  const GoldFile gold = ReadGoldFile(corpus.gold);
  const std::vector<TurnRow> turns = corpus.store->Turns({.speakers = TurnFilter::Speakers::kRespondent});
  std::set<std::string> files;
  for (const TurnRow& t : turns) files.insert(t.file);
  for (const std::string& f : gold.files) {
    if (!files.contains(f)) {
      throw Error({corpus.gold.string()}, "the database for " + corpus.name + " has no document " + f,
                  "fill it from the gold set's corpus: kansrijk ingest CORPUS --db DB, then kansrijk code --db DB");
    }
  }
  std::map<int64_t, std::set<std::string>> rules;
  for (const Store::ViewedCoding& c : corpus.store->CodedTurns({.coder = "auto"})) rules[c.turn_id].insert(c.code);
  if (rules.empty()) {
    throw Error({}, "the database for " + corpus.name + " has no rule codings", "run kansrijk code --db DB first");
  }
  std::vector<Item> items;
  for (const TurnRow& t : turns) {
    Item item{corpus.name + ":" + t.file, TurnFeatures(t.text, morphology)};
    for (const std::string& code : gold.codes) {
      if (gold.labels.contains({t.file, t.number, code})) item.gold.insert(code);
    }
    item.rules = rules[t.id];
    item.order = Fnv1a(item.document + "#" + std::to_string(t.number));
    items.push_back(std::move(item));
  }
  return items;
}

// The units of one code over the evaluated corpus (testable) and the training-only ones.
std::vector<Unit> UnitsOf(const std::vector<Item>& evaluated, const std::vector<Item>& extra, const std::string& code) {
  std::vector<Unit> units;
  for (const std::vector<Item>* items : {&evaluated, &extra}) {
    for (const Item& item : *items) {
      units.push_back({&item.document, &item.features, item.gold.contains(code), item.rules.contains(code),
                       items == &evaluated, item.order});
    }
  }
  return units;
}

// One cross-validation: for each code, counts over the test folds. `limit` > 0 keeps that many training turns.
std::map<std::string, CvResult> CrossValidate(const std::vector<Item>& evaluated, const std::vector<Item>& extra,
                                              const std::vector<std::string>& codes, const EvaluateOptions& options,
                                              int limit) {
  std::map<std::string, CvResult> results;
  for (const std::string& code : codes) {
    results[code] = CrossValidateCode(UnitsOf(evaluated, extra, code), code,
                                      {.folds = options.folds, .inner_folds = options.inner_folds, .limit = limit});
  }
  return results;
}

std::string Prf(const Counts& c) { return fmt::format("{:.2f} | {:.2f} | {:.2f}", c.Precision(), c.Recall(), c.F1()); }

}  // namespace

void EvaluateLearning(const GoldCorpus& evaluated, const std::vector<GoldCorpus>& training_only,
                      const EvaluateOptions& options, std::ostream& out) {
  const Morphology morphology = Morphology::Load();
  const std::vector<Item> items = LoadItems(evaluated, morphology);
  std::vector<Item> extra;
  std::string extra_names;
  for (const GoldCorpus& corpus : training_only) {
    std::vector<Item> more = LoadItems(corpus, morphology);
    extra_names += fmt::format("{}{} ({} turns)", extra_names.empty() ? "" : ", ", corpus.name, more.size());
    extra.insert(extra.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::vector<std::string> codes = options.codes.empty() ? ReadGoldFile(evaluated.gold).codes : options.codes;
  std::set<std::string> documents;
  for (const Item& item : items) documents.insert(item.document);
  if (static_cast<int>(documents.size()) < options.folds) {
    throw Error({}, fmt::format("{} has {} documents, fewer than the {} folds", evaluated.name, documents.size(), options.folds),
                "use fewer folds (--folds)");
  }

  out << fmt::format("## {}: rules, model and rules plus model\n\n", evaluated.name);
  out << fmt::format("{} respondent turns in {} documents, document-grouped {}-fold cross-validation", items.size(),
                     documents.size(), options.folds);
  if (!extra.empty()) out << "; every training fold also holds " << extra_names;
  out << fmt::format(". Thresholds chosen inside each training fold by a {}-fold document-grouped cross-validation "
                     "there.\n\n",
                     options.inner_folds);
  out << "| code | rules P | R | F1 | model P | R | F1 | rules+model P | R | F1 | folds: model, on |\n";
  out << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  std::map<std::string, CvResult> results = CrossValidate(items, extra, codes, options, 0);
  CvResult total;
  double lowest_rules = 1, lowest_combined = 1;
  for (const std::string& code : codes) {
    const CvResult& r = results[code];
    out << fmt::format("| {} | {} | {} | {} | {}, {} |\n", code, Prf(r.rules), Prf(r.model), Prf(r.combined),
                       r.folds_with_model, r.folds_on);
    total.rules += r.rules, total.model += r.model, total.combined += r.combined;
    lowest_rules = std::min(lowest_rules, r.rules.F1());
    lowest_combined = std::min(lowest_combined, r.combined.F1());
  }
  out << fmt::format("| all (micro) | {} | {} | {} | |\n\n", Prf(total.rules), Prf(total.model), Prf(total.combined));
  out << fmt::format("Lowest F1 over the codes: rules {:.2f}, rules plus model {:.2f}. \"folds: model, on\": in how many "
                     "folds a model could be trained (at least 10 turns with and 10 without the code), and in how many "
                     "the inner cross-validation found it beat the rules (else rules plus model is the rules).\n\n",
                     lowest_rules, lowest_combined);

  out << "### Learning curve\n\nF1 over the codes (micro; the lowest code's in brackets) against the number of training "
         "turns per fold.\n\n| training turns | rules | model | rules+model |\n|---|---|---|---|\n";
  std::vector<int> sizes = options.curve;
  sizes.push_back(0);
  for (int size : sizes) {
    std::map<std::string, CvResult> curve = size ? CrossValidate(items, extra, codes, options, size) : results;
    Counts rules, model, combined;
    double low[3] = {1, 1, 1};
    for (const std::string& code : codes) {
      const CvResult& r = curve[code];
      rules += r.rules, model += r.model, combined += r.combined;
      low[0] = std::min(low[0], r.rules.F1()), low[1] = std::min(low[1], r.model.F1()),
      low[2] = std::min(low[2], r.combined.F1());
    }
    out << fmt::format("| {} | {:.2f} ({:.2f}) | {:.2f} ({:.2f}) | {:.2f} ({:.2f}) |\n",
                       size ? std::to_string(size) : "all", rules.F1(), low[0], model.F1(), low[1], combined.F1(), low[2]);
  }
}

void EvaluateLearningFiles(const std::string& db, const std::string& gold, const std::vector<std::string>& also,
                           const EvaluateOptions& options, std::ostream& out) {
  if (gold.empty()) throw Error({}, "--evaluate needs --gold", "e.g. --gold tests/gold/gold.csv --db a database of tests/gold/corpus");
  auto name = [](const std::string& file) { return std::filesystem::path(file).parent_path().string(); };
  std::vector<Store> stores;
  stores.reserve(also.size() + 1);
  stores.push_back(Store::Open(db, {.must_exist = true}));
  std::vector<GoldCorpus> extra;
  for (const std::string& pair : also) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
      throw Error({}, "--also '" + pair + "' is not GOLD=DB", "e.g. --also tests/gold/gold.csv=build/gold.db");
    }
    stores.push_back(Store::Open(pair.substr(eq + 1), {.must_exist = true}));
    extra.push_back({name(pair.substr(0, eq)), &stores.back(), pair.substr(0, eq)});
  }
  EvaluateLearning({name(gold), &stores.front(), gold}, extra, options, out);
}

}  // namespace kansrijk
