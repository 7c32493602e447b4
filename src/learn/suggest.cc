#include "learn/suggest.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "base/error.h"
#include "base/file.h"
#include "code/valence.h"
#include "learn/features.h"

namespace kansrijk {

std::filesystem::path StartingModelOf(const std::filesystem::path& codebook) {
  return std::filesystem::path(codebook).replace_extension(".model");
}

std::vector<CodeModel> ParseModelFile(std::string_view text, const std::string& file) {
  std::vector<CodeModel> models;
  constexpr std::string_view kStart = "kansrijk-model ";
  size_t at = 0;
  while (at < text.size()) {
    if (text.substr(at, kStart.size()) != kStart) {
      throw Error({file}, "not a kansrijk model file", "rebuild it with make starting-model, or remove it");
    }
    size_t next = text.find("\n" + std::string(kStart), at);
    next = next == std::string_view::npos ? text.size() : next + 1;
    try {
      models.push_back(CodeModel::Parse(text.substr(at, next - at)));
    } catch (const Error& e) {
      // The model's own place (its line within that model's text), then its problem; one hint, the file's.
      throw Error({file}, e.where().ToString() + ": " + e.message(), "rebuild it with make starting-model, or remove it");
    }
    at = next;
  }
  return models;
}

std::string ModelFileText(const std::vector<CodeModel>& models) {
  std::string out;
  for (const CodeModel& model : models) out += model.Text();
  return out;
}

ModelSet ModelsFor(const Store& store, const std::filesystem::path& starting_model) {
  ModelSet set;
  for (const StoredModel& stored : store.Models()) set.models.push_back(CodeModel::Parse(stored.model));
  if (!set.models.empty()) {
    set.source = "this database (kansrijk learn)";
  } else if (!starting_model.empty() && std::filesystem::exists(starting_model)) {
    set.models = ParseModelFile(ReadFile(starting_model), starting_model.string());
    set.source = "the starting model " + starting_model.string();
  }
  return set;
}

namespace {

// What a model says of one turn at `threshold`: a suggestion when the probability reaches it and some word of the
// turn raised it (the bias alone says nothing of the turn), with the valence the valence rules give the words of
// the first of its top features that has words. `valence` is the turn's, made on first use and shared by the models.
std::optional<StoredSuggestion> Judge(const TurnRow& turn, const AnalyzedTurn& analyzed, const CodeModel& model,
                                      const Code& code, double threshold, std::optional<TurnValence>& valence) {
  const double p = model.Probability(analyzed.features());
  if (p < threshold) return std::nullopt;
  StoredSuggestion s{.turn_id = turn.id, .code = code.id, .span = {0, static_cast<uint32_t>(turn.text.size())},
                     .valence = DefaultSign(code.valence), .probability = p, .threshold = threshold,
                     .features = model.TopFeatures(analyzed.features(), 5)};
  if (s.features.empty()) return std::nullopt;
  s.valence_reason = fmt::format("default ({})", ToString(code.valence));
  for (const auto& [feature, weight] : s.features) {
    std::optional<std::pair<int, int>> words = analyzed.WordsOf(feature);
    if (!words) continue;
    if (!valence) valence.emplace(analyzed.words());
    ValenceDecision d = valence->Decide(words->first, words->second, Rule::Means::kPresence, code.valence);
    s.valence = d.sign;
    s.valence_reason = fmt::format("{}, at the feature {}", d.reason, feature);
    break;
  }
  return s;
}

// The models of `models` whose code is in the codebook, with their code; only those that are on when `on_only`.
std::vector<std::pair<const CodeModel*, const Code*>> ModelsOfCodebook(const Codebook& codebook, const ModelSet& models,
                                                                       bool on_only) {
  std::vector<std::pair<const CodeModel*, const Code*>> out;
  for (const CodeModel& model : models.models) {
    const Code* code = codebook.Find(model.code());
    if ((model.on() || !on_only) && code) out.emplace_back(&model, code);
  }
  return out;
}

}  // namespace

SuggestSummary Suggest(Store& store, const Codebook& codebook, const Morphology& morphology, const ModelSet& models) {
  SuggestSummary summary{.source = models.source};
  const auto on = ModelsOfCodebook(codebook, models, true);
  summary.models_on = static_cast<int>(on.size());
  std::vector<StoredSuggestion> suggestions;
  if (!on.empty()) {
    std::map<int64_t, std::set<std::string>> rules;
    for (const Store::ViewedCoding& c : store.CodedTurns({.coder = "auto"})) rules[c.turn_id].insert(c.code);
    for (const TurnRow& turn : store.Turns({.speakers = TurnFilter::Speakers::kRespondent})) {
      const AnalyzedTurn analyzed(turn.text, morphology);
      std::optional<TurnValence> valence;
      for (const auto& [model, code] : on) {
        if (rules[turn.id].contains(code->id)) continue;
        if (auto s = Judge(turn, analyzed, *model, *code, model->threshold(), valence)) suggestions.push_back(std::move(*s));
      }
    }
  }
  summary.suggestions = static_cast<int>(suggestions.size());
  store.ReplaceSuggestions(codebook.id, suggestions);
  return summary;
}

ModelJudgements JudgeTurns(const Store& store, const Codebook& codebook, const Morphology& morphology,
                           const ModelSet& models, const std::set<std::string>& files) {
  ModelJudgements out;
  const auto all = ModelsOfCodebook(codebook, models, false);
  if (all.empty()) return out;
  auto add = [](Predictions& to, const TurnRow& turn, const StoredSuggestion& s) {
    Prediction& p = to[{turn.file, turn.number, s.code}];
    ++(s.valence == '+' ? p.plus : p.minus);
    p.rules.insert(fmt::format("model {:.2f}", s.probability));
  };
  for (const TurnRow& turn : store.Turns({.speakers = TurnFilter::Speakers::kRespondent})) {
    if (!files.empty() && !files.contains(turn.file)) continue;
    const AnalyzedTurn analyzed(turn.text, morphology);
    std::optional<TurnValence> valence;
    for (const auto& [model, code] : all) {
      if (auto s = Judge(turn, analyzed, *model, *code, model->alone_threshold(), valence)) add(out.alone, turn, *s);
      if (!model->on()) continue;
      if (auto s = Judge(turn, analyzed, *model, *code, model->threshold(), valence)) add(out.suggested, turn, *s);
    }
  }
  return out;
}

}  // namespace kansrijk
