#include "pipeline/code.h"

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

}  // namespace kansrijk
