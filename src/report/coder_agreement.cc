#include "report/coder_agreement.h"

#include "report/accuracy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "base/error.h"
#include "base/file.h"
#include "base/table.h"

namespace kansrijk {

namespace {

using Unit = std::pair<std::string, int>;  // file, turn number

struct CoderWork {
  std::set<Unit> seen;
  std::set<std::tuple<std::string, int, std::string>> yes;  // file, turn, code
  std::set<std::string> codes;
};

CoderWork Collect(const Store& store, const std::string& coder, const std::vector<TurnRow>& respondent_turns,
                  const std::vector<TurnRow>& all_turns) {
  CoderWork work;
  if (coder == "auto" || coder == CodingView::kWithModel) {  // the coding as made: every respondent turn seen
    for (const TurnRow& t : respondent_turns) work.seen.insert({t.file, t.number});
    for (const CodingRow& c : store.Codings({}, {.coder = coder})) {
      work.yes.insert({c.turn.file, c.turn.number, c.code});
      work.codes.insert(c.code);
    }
    return work;
  }
  std::vector<ManualWork> entries = store.ManualWorkList({.coder = coder});
  if (entries.empty()) {
    throw Error({}, fmt::format("'{}' has no codings, reviews or seen marks in this database", coder),
                "`kansrijk coding list` shows who coded what");
  }
  std::set<std::string> whole_documents;
  for (const ManualWork& w : entries) {
    if (!w.orphaned.empty() || w.kind == ManualWork::Kind::kMemo) continue;
    if (!w.turn) {
      if (w.kind == ManualWork::Kind::kSeen) whole_documents.insert(w.file);
      continue;
    }
    work.seen.insert({w.file, *w.turn});
    if (w.Affirms()) {
      work.yes.insert({w.file, *w.turn, w.code});
      work.codes.insert(w.code);
    }
  }
  for (const TurnRow& t : all_turns) {
    if (whole_documents.contains(t.file)) work.seen.insert({t.file, t.number});
  }
  return work;
}

std::string Number(double value) { return std::isnan(value) ? "n/a" : fmt::format("{:.3f}", value); }

}  // namespace

CoderAgreement CompareCoders(const Store& store, const CoderAgreementOptions& options) {
  if (options.a == options.b) throw Error({}, "give two different coders", "e.g. --coder auto --coder marieke");
  std::vector<TurnRow> all_turns = store.Turns({});
  std::vector<TurnRow> respondent_turns = store.Turns({.speakers = TurnFilter::Speakers::kRespondent});
  CoderWork a = Collect(store, options.a, respondent_turns, all_turns);
  CoderWork b = Collect(store, options.b, respondent_turns, all_turns);
  std::vector<Unit> units;
  std::set_intersection(a.seen.begin(), a.seen.end(), b.seen.begin(), b.seen.end(), std::back_inserter(units));

  std::vector<std::string> codes = options.codes;
  if (codes.empty()) {
    for (const StoredCode& c : store.Codes()) {
      if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) codes.push_back(c.code);
    }
    std::set<std::string> used = a.codes;
    used.insert(b.codes.begin(), b.codes.end());
    for (const std::string& code : used) {
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
  }
  CoderAgreement result{options.a, options.b, static_cast<int>(units.size()), {}, {}};
  std::vector<BinaryConfusion> confusions;
  for (const std::string& code : codes) {
    BinaryConfusion confusion;
    for (const auto& [file, turn] : units) {
      bool yes_a = a.yes.contains({file, turn, code}), yes_b = b.yes.contains({file, turn, code});
      ++(yes_a && yes_b ? confusion.both : yes_a ? confusion.only_a : yes_b ? confusion.only_b : confusion.neither);
    }
    confusions.push_back(confusion);
    result.codes.push_back({code, BinaryAgreement(confusion)});
  }
  result.overall = PooledAgreement(confusions);
  return result;
}

void WriteCoderAgreement(const CoderAgreement& r, std::ostream& out) {
  out << fmt::format("Agreement of {} (A) and {} (B) over {} turns both have seen.\n\n", r.a, r.b, r.units);
  out << "| code | both | only A | only B | neither | agreement | Cohen's kappa | Krippendorff's alpha |\n";
  out << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const std::string& name, const Agreement& g) {
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", name, g.confusion.both, g.confusion.only_a,
                       g.confusion.only_b, g.confusion.neither, Number(g.percent), Number(g.kappa), Number(g.alpha));
  };
  for (const CodeAgreement& c : r.codes) row(c.code, c.agreement);
  row("**all codes**", r.overall);
  out << "\nn/a: not defined, because neither coder varied (e.g. nobody used the code on these turns).\n";
}

void WriteAgreement(const Store& store, const std::string& gold, const std::vector<std::string>& coders,
                    const std::vector<std::string>& codes, std::ostream& out, const std::string& disagreements,
                    bool all_documents) {
  if (!gold.empty()) {
    if (coders.size() > 1) throw Error({}, "with --gold give at most one --coder");
    AccuracyReport report = MeasureAgainstGold(store, gold, coders.empty() ? "auto" : coders[0], all_documents);
    if (!disagreements.empty()) WriteDisagreements(report, disagreements);
    return WriteAccuracy(report, out);
  }
  if (!disagreements.empty() || all_documents) throw Error({}, "--disagreements and --all-documents need --gold");
  if (coders.size() != 2) {
    throw Error({}, "give two coders", "e.g. `kansrijk agree --coder auto --coder marieke`, or --gold FILE");
  }
  WriteCoderAgreement(CompareCoders(store, {coders[0], coders[1], codes}), out);
}

}  // namespace kansrijk
