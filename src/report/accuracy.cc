#include "report/accuracy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/file.h"
#include "report/agreement.h"

namespace kansrijk {

double CodeAccuracy::precision() const {
  int predicted = true_positive + false_positive;
  return predicted ? static_cast<double>(true_positive) / predicted : 0;
}
double CodeAccuracy::recall() const {
  int actual = true_positive + false_negative;
  return actual ? static_cast<double>(true_positive) / actual : 0;
}
double CodeAccuracy::f1() const {
  double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
double CodeAccuracy::kappa() const {
  // Gold is coder A, the automatic coding coder B (report/agreement.h).
  return BinaryAgreement({true_positive, false_negative, false_positive, true_negative}).kappa;
}

GoldFile ReadGoldFile(const std::filesystem::path& gold_path) {
  const std::string name = gold_path.string();
  const CsvTable table = ReadCsvTable(gold_path, name, "give the path of the gold CSV");
  if (table.header.empty()) throw Error({name}, "the gold file is empty", "columns: file,turn,code,valence");
  std::map<std::string, size_t> column;
  for (const char* needed : {"file", "turn", "code", "valence"}) {
    std::optional<size_t> c = table.Column(needed);
    if (!c) throw Error(Location::Row(name, 1), std::string("the gold file has no column ") + needed);
    column[needed] = *c;
  }
  GoldFile out;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string>& row = table.rows[r];
    if (row.size() != table.header.size()) throw Error(table.Where(r), "wrong number of fields");
    int turn = 0;
    try {
      turn = std::stoi(row[column["turn"]]);
    } catch (...) {
      throw Error(table.Where(r), "turn '" + row[column["turn"]] + "' is not a number");
    }
    const std::string& code = row[column["code"]];
    const std::string& valence = row[column["valence"]];
    out.labels[{row[column["file"]], turn, code}] = valence.empty() ? '+' : valence[0];
    out.files.insert(row[column["file"]]);
    if (std::find(out.codes.begin(), out.codes.end(), code) == out.codes.end()) out.codes.push_back(code);
  }
  return out;
}

Predictions CodingPredictions(const Store& store, const std::string& coder) {
  Predictions predicted;
  // auto+model: the rules and the suggestions as made; any other coder's codings in the view of every coder.
  const bool with_model = coder == CodingView::kWithModel;
  for (const CodingRow& c : store.Codings({.speakers = TurnFilter::Speakers::kRespondent}, {.coder = with_model ? coder : ""})) {
    if (with_model ? c.coder != "auto" && c.coder != "model" : c.coder != coder) continue;
    Prediction& p = predicted[{c.turn.file, c.turn.number, c.code}];
    ++(c.valence == '+' ? p.plus : p.minus);
    std::istringstream rules(c.rules);
    for (std::string rule; std::getline(rules, rule, ',');) p.rules.insert(rule);
  }
  return predicted;
}

AccuracyReport MeasureAgainstGold(const Store& store, const std::filesystem::path& gold_path, const std::string& coder,
                                  bool all_documents) {
  return MeasureAgainstGold(store, ReadGoldFile(gold_path), CodingPredictions(store, coder), all_documents);
}

AccuracyReport MeasureAgainstGold(const Store& store, const GoldFile& gold_file, const Predictions& predicted,
                                  bool all_documents) {
  const std::map<GoldFile::Key, char>& gold = gold_file.labels;
  const std::vector<std::string>& code_order = gold_file.codes;
  const std::set<std::string>& files = gold_file.files;
  TurnFilter respondents{.speakers = TurnFilter::Speakers::kRespondent};
  AccuracyReport report;
  std::map<std::string, CodeAccuracy> by_code;
  std::set<std::string> seen_files;
  for (const TurnRow& turn : store.Turns(respondents)) {
    if (!all_documents && !files.contains(turn.file)) continue;
    seen_files.insert(turn.file);
    ++report.turns;
    for (const std::string& code : code_order) {
      CodeAccuracy& a = by_code[code];
      auto g = gold.find({turn.file, turn.number, code});
      auto p = predicted.find({turn.file, turn.number, code});
      bool is_gold = g != gold.end(), is_predicted = p != predicted.end();
      Disagreement d{turn.file, turn.number, code};
      if (is_gold) d.gold_valence = g->second;
      if (is_predicted) {
        d.coder_valence = p->second.plus > p->second.minus ? '+' : '-';
        d.rules = fmt::format("{}", fmt::join(p->second.rules, ","));
      }
      if (is_gold && is_predicted) {
        ++a.true_positive;
        a.valence_agree += d.coder_valence == d.gold_valence;
        if (d.coder_valence != d.gold_valence) d.kind = "valence";
      } else if (is_predicted) {
        ++a.false_positive;
        d.kind = "extra";
      } else if (is_gold) {
        ++a.false_negative;
        d.kind = "missed";
      } else {
        ++a.true_negative;
      }
      if (!d.kind.empty()) {
        d.text = turn.text;
        report.disagreements.push_back(std::move(d));
      }
    }
  }
  for (const std::string& code : code_order) {
    by_code[code].code = code;
    report.codes.push_back(by_code[code]);
  }
  for (const std::string& file : files) {
    if (!seen_files.contains(file)) report.missing_documents.push_back(file);
  }
  return report;
}

void WriteAccuracy(const AccuracyReport& report, std::ostream& out) {
  out << fmt::format("{} respondent turns compared.\n\n", report.turns);
  out << "| code | TP | FP | FN | precision | recall | F1 | kappa | valence agrees |\n"
         "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const CodeAccuracy& a : report.codes) {
    out << fmt::format("| {} | {} | {} | {} | {:.2f} | {:.2f} | {:.2f} | {} | {}/{} |\n", a.code, a.true_positive,
                       a.false_positive, a.false_negative, a.precision(), a.recall(), a.f1(),
                       std::isnan(a.kappa()) ? "n/a" : fmt::format("{:.2f}", a.kappa()),
                       a.valence_agree, a.true_positive);
  }
  for (const std::string& file : report.missing_documents) {
    out << "\nwarning: " << file << " is in the gold file but not in the database\n";
  }
}

Table DisagreementTable(const AccuracyReport& report) {
  Table table{{"file", "turn", "code", "kind", "gold", "coder", "rules", "text"}};
  auto sign = [](char c) { return c ? Cell{std::string(1, c)} : Cell{}; };
  for (const Disagreement& d : report.disagreements) {
    table.rows.push_back({d.file, int64_t{d.turn}, d.code, d.kind, sign(d.gold_valence), sign(d.coder_valence),
                          d.rules, d.text});
  }
  return table;
}

void WriteDisagreements(const AccuracyReport& report, const std::filesystem::path& file) {
  std::ostringstream csv;
  WriteTable(DisagreementTable(report), TableFormat::kCsv, csv);
  WriteFileAtomically(file, csv.str());
}

}  // namespace kansrijk
