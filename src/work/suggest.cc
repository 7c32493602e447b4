#include "work/suggest.h"

#include <fmt/format.h>

#include <set>

#include "base/error.h"
#include "base/utf8.h"

namespace kansrijk {

HumanCodedTurns CollectHumanCoded(const Store& store, const std::string& code_id, const std::string& coder) {
  std::set<std::pair<std::string, int>> coded;  // by a researcher: their own coding, or an accepted rule coding
  for (const ManualWork& w : store.ManualWorkList({.coder = coder})) {
    if (w.Affirms() && w.code == code_id) coded.insert({w.file, *w.turn});
  }
  if (coded.empty()) {
    throw Error({}, fmt::format("no researcher coded any turn with {}", code_id),
                "suggestions learn from human codings: `kansrijk coding add`, `import codings` or `import qdpx`");
  }
  HumanCodedTurns turns;
  for (TurnRow& t : store.Turns({.speakers = TurnFilter::Speakers::kRespondent})) {
    (coded.contains({t.file, t.number}) ? turns.target : turns.reference).push_back(std::move(t));
  }
  return turns;
}

void WriteSuggestions(const HumanCodedTurns& turns, const Coder& coder, const std::string& code_id,
                      const SuggestOptions& options, std::ostream& out) {
  if (!coder.codebook().Find(code_id)) {
    throw Error({coder.codebook().file}, fmt::format("the codebook has no code '{}'", code_id));
  }
  std::vector<std::string_view> target, reference;
  for (const TurnRow& t : turns.target) target.push_back(t.text);
  for (const TurnRow& t : turns.reference) reference.push_back(t.text);
  std::vector<TermSuggestion> terms = SuggestTerms(target, reference, coder, code_id, options);
  out << fmt::format("{} turns coded {} by researchers, against {} other respondent turns.\n\n", target.size(),
                     code_id, reference.size());
  out << fmt::format("{:<28} {:>7} {:>7} {:>9} {:>9}  {}\n", "term", "coded", "other", "G2", "p", "covered");
  for (const TermSuggestion& t : terms) {
    std::string covered = t.covered ? "yes" : "NO";
    for (const std::string& other : t.other_codes) covered += " (" + other + ")";
    out << fmt::format("{:<28} {:>7} {:>7} {:>9.2f} {:>9.2g}  {}\n", t.term, t.target_turns, t.reference_turns,
                       t.g2, t.p, covered);
    for (const TermExample& e : t.examples) {
      const TurnRow& turn = turns.target[e.turn];
      out << fmt::format("    {}#{}: {}«{}»{}\n", turn.file, turn.number, e.left, e.text, e.right);
    }
  }
  if (terms.empty()) out << "(no term reaches --min-turns)\n";
  std::vector<size_t> missed = MissedTurns(target, coder, code_id);
  out << fmt::format("\nCoded {} by researchers, missed by the rules: {} of {} turns\n", code_id, missed.size(),
                     target.size());
  for (size_t i : missed) {
    const TurnRow& t = turns.target[i];
    std::string text = CollapseWhitespace(t.text);
    if (text.size() > 160) text = text.substr(0, 157) + "...";
    out << fmt::format("  {}#{}: {}\n", t.file, t.number, text);
  }
}

}  // namespace kansrijk
