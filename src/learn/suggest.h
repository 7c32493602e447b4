// The learned models' suggestions (issue 16): for every respondent turn and every code whose model is "on"
// (learn decided by cross-validation that it helps), a suggestion where the rules did not code the turn with
// that code and the model's probability reaches the model's threshold, and some word of the turn raised it.
//
//   std::vector<CodeModel> models = ModelsFor(store, "codebook/kansrijke-start.model");
//   SuggestSummary s = Suggest(store, codebook, morphology, models);  // replaces the stored suggestions
//
// A suggestion covers the whole turn (the model reads the turn), keeps its probability and the five features that
// raised it most, and takes its valence from the valence rules of code/valence.h, run on the words of the first
// of those features that has words (so "geen geld" → '-' as for a rule match), with the reason they give.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "code/codebook.h"
#include "learn/model.h"
#include "normalize/morphology.h"
#include "report/accuracy.h"
#include "store/store.h"

namespace kansrijk {

// The models of this database (kansrijk learn), or when it has none, the starting model that ships with the
// codebook (`starting_model`, skipped when it does not exist). Throws Error naming the file when it is damaged.
struct ModelSet {
  std::vector<CodeModel> models;
  std::string source;  // "this database" or the starting model's file name; empty when there is none
};
ModelSet ModelsFor(const Store& store, const std::filesystem::path& starting_model);

// The starting model that ships with a codebook: its file with the extension .model (codebook/kansrijke-start.model).
std::filesystem::path StartingModelOf(const std::filesystem::path& codebook);

// The starting model's file: each code's model text (CodeModel::Text), one after another, by code.
std::vector<CodeModel> ParseModelFile(std::string_view text, const std::string& file);
std::string ModelFileText(const std::vector<CodeModel>& models);

struct SuggestSummary {
  int models_on = 0;
  int suggestions = 0;
  std::string source;  // as ModelSet
};
// Replaces every stored suggestion with those of `models` on the respondent turns of the store.
SuggestSummary Suggest(Store& store, const Codebook& codebook, const Morphology& morphology, const ModelSet& models);

// What the models say of every respondent turn (of `files`, or of every document when empty), for `kansrijk agree
// --gold`, with the valence a suggestion would get; the "rules" of a prediction are "model" and the probability.
struct ModelJudgements {
  // Every model of a code of the codebook, on or off, at its threshold for the model alone
  // (CodeModel::alone_threshold), whatever the rules did.
  Predictions alone;
  // The models that are on, at their threshold: what `code` suggests where the rules did not code the turn with
  // that code (on every turn here; the caller leaves out those the rules coded).
  Predictions suggested;
};
ModelJudgements JudgeTurns(const Store& store, const Codebook& codebook, const Morphology& morphology,
                           const ModelSet& models, const std::set<std::string>& files);

}  // namespace kansrijk
