#include "work/explain.h"

#include <fmt/format.h>

#include "base/error.h"
#include "work/work.h"

namespace kansrijk {

Explainer Explainer::Load(const Store& store, const std::string& codebook_file) {
  Explainer explainer;
  explainer.codebook_ = std::make_unique<Codebook>(LoadCodebookFor(store, codebook_file));
  explainer.morphology_ = std::make_unique<Morphology>(Morphology::Load());
  explainer.coder_ = std::make_unique<Coder>(*explainer.codebook_, *explainer.morphology_);
  return explainer;
}

Explanation Explainer::Explain(const Store& store, const std::string& file, int turn) const {
  Explanation explanation{NeedTurn(store, file, turn), {}};
  explanation.trace = coder_->Explain(explanation.turn.text);
  explanation.suggestions = store.Suggestions(explanation.turn.id);
  return explanation;
}

void WriteExplanation(const Explanation& e, std::ostream& out) {
  const TurnRow& turn = e.turn;
  out << fmt::format("{} turn {} ({} {}{}):\n\n{}\n\n", turn.file, turn.number, turn.year,
                     turn.speaker.empty() ? "unknown speaker" : turn.speaker,
                     turn.is_interviewer ? ", interviewer: not coded by default" : "", turn.text);
  if (e.trace.matches.empty()) out << "No rule matched.\n";
  for (const RuleMatch& m : e.trace.matches) {
    std::string words = turn.text.substr(m.span.begin, m.span.end - m.span.begin);
    out << fmt::format("  [{}] {:<20} {}  rule {}", words, m.code, m.valence, m.rule);
    out << (m.vetoed_by.empty() ? fmt::format("  ({})\n", m.valence_reason)
                                : fmt::format("  EXCLUDED by '{}'\n", m.vetoed_by));
  }
  if (!e.trace.codings.empty()) {
    out << "\nCodings:";
    for (const Coding& c : e.trace.codings) out << fmt::format(" {}{}", c.code, c.valence);
    out << "\n";
  }
  if (!e.suggestions.empty()) out << "\nModel suggestions (coder model; counted only once a researcher accepts them):\n";
  for (const StoredSuggestion& s : e.suggestions) {
    out << fmt::format("  {}{}  probability {:.2f} (suggests from {:.2f}; valence: {})\n    features that weighed most:",
                       s.code, s.valence, s.probability, s.threshold, s.valence_reason);
    for (const auto& [feature, weight] : s.features) out << fmt::format(" {} (+{:.2f})", feature, weight);
    out << "\n";
  }
}

}  // namespace kansrijk
