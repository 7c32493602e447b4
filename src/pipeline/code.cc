#include "pipeline/code.h"

#include <fmt/format.h>

#include <set>

namespace kansrijk {

CodeSummary CodeCorpus(Store& store, const Codebook& codebook, const Coder& coder, const CodeOptions& options) {
  TurnFilter filter;
  if (!options.include_interviewer) filter.speakers = TurnFilter::Speakers::kRespondent;
  CodeSummary summary;
  std::vector<std::pair<int64_t, Coding>> codings;
  for (const TurnRow& turn : store.Turns(filter)) {
    ++summary.turns;
    std::set<std::string> codes;
    for (Coding& coding : coder.Apply(turn.text)) {
      codes.insert(coding.code);
      codings.emplace_back(turn.id, std::move(coding));
    }
    for (const std::string& code : codes) ++summary.coded_turns[{code, turn.year}];
  }
  summary.codings = static_cast<int>(codings.size());
  store.ReplaceRuleCodings(codebook, codings);
  return summary;
}

void WriteCodeSummary(const CodeSummary& summary, const Codebook& codebook, std::ostream& out) {
  std::set<int> years;
  for (const auto& [key, n] : summary.coded_turns) years.insert(key.second);
  out << fmt::format("coded {} turns with {} ({} codings); coded turns per code and year:\n\n", summary.turns,
                     codebook.id, summary.codings);
  out << fmt::format("{:<24}", "code");
  for (int year : years) out << fmt::format("{:>6}", year);
  out << "\n";
  for (const Code* code : codebook.Codes()) {
    out << fmt::format("{:<24}", code->id);
    for (int year : years) {
      auto it = summary.coded_turns.find({code->id, year});
      out << fmt::format("{:>6}", it == summary.coded_turns.end() ? 0 : it->second);
    }
    out << "\n";
  }
}

}  // namespace kansrijk
