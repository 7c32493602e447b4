#include "learn/suggest.h"

#include <fmt/format.h>

#include <map>
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
      throw Error({file}, e.what(), "rebuild it with make starting-model, or remove it");
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

SuggestSummary Suggest(Store& store, const Codebook& codebook, const Morphology& morphology, const ModelSet& models) {
  SuggestSummary summary{.source = models.source};
  std::vector<std::pair<const CodeModel*, const Code*>> on;
  for (const CodeModel& model : models.models) {
    const Code* code = codebook.Find(model.code());
    if (model.on() && code) on.emplace_back(&model, code);
  }
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
        const double p = model->Probability(analyzed.features());
        if (p < model->threshold()) continue;
        StoredSuggestion s{.turn_id = turn.id, .code = code->id, .span = {0, static_cast<uint32_t>(turn.text.size())},
                           .valence = DefaultSign(code->valence), .probability = p, .threshold = model->threshold(),
                           .features = model->TopFeatures(analyzed.features(), 5)};
        if (s.features.empty()) continue;  // the bias alone: no word of the turn speaks for the code
        s.valence_reason = fmt::format("default ({})", ToString(code->valence));
        for (const auto& [feature, weight] : s.features) {
          std::optional<std::pair<int, int>> words = analyzed.WordsOf(feature);
          if (!words) continue;
          if (!valence) valence.emplace(analyzed.words());
          ValenceDecision d = valence->Decide(words->first, words->second, Rule::Means::kPresence, code->valence);
          s.valence = d.sign;
          s.valence_reason = fmt::format("{}, at the feature {}", d.reason, feature);
          break;
        }
        suggestions.push_back(std::move(s));
      }
    }
  }
  summary.suggestions = static_cast<int>(suggestions.size());
  store.ReplaceSuggestions(codebook.id, suggestions);
  return summary;
}

}  // namespace kansrijk
