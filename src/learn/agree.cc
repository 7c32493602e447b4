#include "learn/agree.h"

#include <fmt/format.h>

#include <set>

#include "learn/suggest.h"
#include "normalize/morphology.h"
#include "report/accuracy.h"
#include "report/coder_agreement.h"
#include "store/store.h"

namespace kansrijk {
namespace {

struct Micro {
  int tp = 0, fp = 0, fn = 0;
  explicit Micro(const AccuracyReport& report) {
    for (const CodeAccuracy& a : report.codes) tp += a.true_positive, fp += a.false_positive, fn += a.false_negative;
  }
  CodeAccuracy AsCode() const { return {.code = "all codes (micro)", .true_positive = tp, .false_positive = fp, .false_negative = fn}; }
};

std::string Figures(const CodeAccuracy& a) {
  return fmt::format("{:.2f} | {:.2f} | {:.2f}", a.precision(), a.recall(), a.f1());
}

// One line per code: the gold positives, then precision, recall and F1 of each way.
void WriteSideBySide(const AccuracyReport& rules, const AccuracyReport& alone, const AccuracyReport& both, std::ostream& out) {
  out << "| code | gold positives | rules P | R | F1 | model alone P | R | F1 | rules + model P | R | F1 |\n"
         "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  auto line = [&](const CodeAccuracy& r, const CodeAccuracy& a, const CodeAccuracy& b) {
    out << fmt::format("| {} | {} | {} | {} | {} |\n", r.code, r.true_positive + r.false_negative, Figures(r), Figures(a),
                       Figures(b));
  };
  for (size_t i = 0; i < rules.codes.size(); ++i) line(rules.codes[i], alone.codes[i], both.codes[i]);
  line(Micro(rules).AsCode(), Micro(alone).AsCode(), Micro(both).AsCode());
}

}  // namespace

void RunAgree(const AgreeCommand& command, std::ostream& out) {
  Store store = Store::Open(command.db, {.must_exist = true});
  auto without_models = [&] {
    WriteAgreement(store, command.gold, command.coders, command.codes, out, command.disagreements, command.all_documents);
  };
  if (command.gold.empty() || !command.coders.empty()) return without_models();
  const Codebook book = LoadCodebookFor(store, command.codebook);
  const ModelSet models = ModelsFor(store, StartingModelOf(book.file));
  if (models.models.empty()) return without_models();
  const GoldFile gold = ReadGoldFile(command.gold);
  const Predictions rule_predictions = CodingPredictions(store, "auto");
  const AccuracyReport rules = MeasureAgainstGold(store, gold, rule_predictions, command.all_documents);
  if (!command.disagreements.empty()) WriteDisagreements(rules, command.disagreements);
  ModelJudgements judged = JudgeTurns(store, book, Morphology::Load(), models,
                                      command.all_documents ? std::set<std::string>{} : gold.files);
  const AccuracyReport alone = MeasureAgainstGold(store, gold, judged.alone, command.all_documents);
  Predictions combined = rule_predictions;
  for (auto& [key, prediction] : judged.suggested) combined.try_emplace(key, std::move(prediction));  // not where the rules coded
  const AccuracyReport both = MeasureAgainstGold(store, gold, combined, command.all_documents);
  int on = 0;
  for (const CodeModel& m : models.models) on += m.on() && book.Find(m.code());
  out << fmt::format(
      "Models: {}; {} of {} on (they suggest). The model alone is every model at the threshold learn chose for it; "
      "rules plus model adds the suggestions of the models that are on where the rules did not code. On documents "
      "a model learned from these figures flatter it: `kansrijk learn --evaluate` gives cross-validated ones.\n\n",
      models.source, on, models.models.size());
  WriteSideBySide(rules, alone, both, out);
  out << "\n### Rules (auto)\n\n";
  WriteAccuracy(rules, out);
  out << "\n### The model alone\n\n";
  WriteAccuracy(alone, out);
  out << "\n### Rules plus the model's suggestions (auto+model)\n\n";
  WriteAccuracy(both, out);
}

}  // namespace kansrijk
