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

// FNV-1a: a hash that is the same on every platform and run (std::hash is neither promised to be).
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

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

constexpr double kOff = 2;  // a threshold no probability reaches
constexpr double kMinPrecision = 0.85;

// Probabilities of `test` from a model of `code` trained on `train`; none when there are too few examples.
std::optional<std::vector<double>> TrainAndPredict(const std::vector<const Item*>& train, const std::vector<const Item*>& test,
                                                   const std::string& code) {
  std::vector<Example> examples;
  for (const Item* item : train) examples.push_back({item->features, item->gold.contains(code)});
  try {
    CodeModel model = CodeModel::Train(code, examples);
    std::vector<double> p;
    for (const Item* item : test) p.push_back(model.Probability(item->features));
    return p;
  } catch (const TooFewExamples&) {
    return std::nullopt;
  }
}

std::vector<int> FoldsOf(const std::vector<const Item*>& items, int folds) {
  std::vector<std::string> documents;
  for (const Item* item : items) documents.push_back(item->document);
  return DocumentFolds(documents, folds);
}

struct Thresholds {
  double model = kOff, combined = kOff;
};

// The thresholds that do best on `train` by an inner document-grouped cross-validation: model alone by F1, rules
// plus model by F1 and only when that beats the rules alone there.
Thresholds ChooseThresholds(const std::vector<const Item*>& train, const std::string& code, int inner_folds) {
  std::vector<int> fold = FoldsOf(train, inner_folds);
  std::vector<double> p(train.size(), 0);  // out-of-fold probabilities; 0 where no model could be trained
  for (int f = 0; f < inner_folds; ++f) {
    std::vector<const Item*> in, out;
    std::vector<size_t> where;
    for (size_t i = 0; i < train.size(); ++i) {
      (fold[i] == f ? out : in).push_back(train[i]);
      if (fold[i] == f) where.push_back(i);
    }
    if (out.empty()) continue;
    if (auto probabilities = TrainAndPredict(in, out, code)) {
      for (size_t j = 0; j < where.size(); ++j) p[where[j]] = (*probabilities)[j];
    }
  }
  Counts rules;
  for (const Item* item : train) rules.Add(item->gold.contains(code), item->rules.contains(code));
  Thresholds best;
  double best_model = 0, best_combined = rules.F1();
  for (int step = 1; step <= 19; ++step) {
    double t = step * 0.05;
    Counts model, combined;
    for (size_t i = 0; i < train.size(); ++i) {
      bool gold = train[i]->gold.contains(code), rule = train[i]->rules.contains(code);
      model.Add(gold, p[i] >= t);
      combined.Add(gold, rule || p[i] >= t);
    }
    if (model.F1() > best_model) best_model = model.F1(), best.model = t;
    // Suggestions must be precise (issue 16: precision at least 0.85), or as precise as the rules where they
    // are not: a threshold below that is not taken, whatever its F1.
    bool precise = combined.Precision() >= std::min(kMinPrecision, rules.Precision());
    if (precise && combined.F1() > best_combined) best_combined = combined.F1(), best.combined = t;
  }
  return best;
}

struct CodeResult {
  Counts rules, model, combined;
  int folds_with_model = 0, folds_combined_on = 0;
};

// One cross-validation: for each code, counts over the test folds. `limit` > 0 keeps that many training turns.
std::map<std::string, CodeResult> CrossValidate(const std::vector<Item>& evaluated, const std::vector<Item>& extra,
                                                const std::vector<std::string>& codes, const EvaluateOptions& options,
                                                int limit) {
  std::vector<const Item*> all;
  for (const Item& item : evaluated) all.push_back(&item);
  std::vector<int> fold = FoldsOf(all, options.folds);
  std::map<std::string, CodeResult> results;
  for (int f = 0; f < options.folds; ++f) {
    std::vector<const Item*> train, test;
    for (size_t i = 0; i < all.size(); ++i) (fold[i] == f ? test : train).push_back(all[i]);
    for (const Item& item : extra) train.push_back(&item);
    if (limit > 0 && limit < static_cast<int>(train.size())) {
      std::sort(train.begin(), train.end(), [](const Item* a, const Item* b) { return a->order < b->order; });
      train.resize(limit);
    }
    for (const std::string& code : codes) {
      CodeResult& r = results[code];
      Thresholds t = ChooseThresholds(train, code, options.inner_folds);
      std::optional<std::vector<double>> p = TrainAndPredict(train, test, code);
      r.folds_with_model += p.has_value();
      r.folds_combined_on += p && t.combined < kOff;
      for (size_t i = 0; i < test.size(); ++i) {
        bool gold = test[i]->gold.contains(code), rule = test[i]->rules.contains(code);
        double probability = p ? (*p)[i] : 0;
        r.rules.Add(gold, rule);
        r.model.Add(gold, probability >= t.model);
        r.combined.Add(gold, rule || probability >= t.combined);
      }
    }
  }
  return results;
}

std::string Prf(const Counts& c) { return fmt::format("{:.2f} | {:.2f} | {:.2f}", c.Precision(), c.Recall(), c.F1()); }

}  // namespace

std::vector<int> DocumentFolds(const std::vector<std::string>& document_of_turn, int folds) {
  std::set<std::string> documents(document_of_turn.begin(), document_of_turn.end());
  std::map<std::string, int> fold;
  int next = 0;
  for (const std::string& document : documents) fold[document] = next++ % folds;
  std::vector<int> out;
  for (const std::string& document : document_of_turn) out.push_back(fold[document]);
  return out;
}

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
  std::map<std::string, CodeResult> results = CrossValidate(items, extra, codes, options, 0);
  CodeResult total;
  double lowest_rules = 1, lowest_combined = 1;
  for (const std::string& code : codes) {
    const CodeResult& r = results[code];
    out << fmt::format("| {} | {} | {} | {} | {}, {} |\n", code, Prf(r.rules), Prf(r.model), Prf(r.combined),
                       r.folds_with_model, r.folds_combined_on);
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
    std::map<std::string, CodeResult> curve = size ? CrossValidate(items, extra, codes, options, size) : results;
    Counts rules, model, combined;
    double low[3] = {1, 1, 1};
    for (const std::string& code : codes) {
      const CodeResult& r = curve[code];
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
