// `kansrijk agree`, with the models: against a gold file, the rules alone, the model alone and rules plus model
// side by side (issue 16), whenever the database has models (kansrijk learn) or the codebook ships a starting model.
//
//   RunAgree({.db = "gold.db", .gold = "tests/gold/gold.csv", .all_documents = true}, std::cout);
//
// Rules: the stored rule codings (coder auto). The model alone: every model, on or off, at the threshold learn chose
// for the model alone (learn/suggest.h JudgeTurns). Rules plus model: the rules, plus the suggestions of the
// models that are on where the rules did not code the turn with that code, as `kansrijk code` makes them. The models
// judge the turns as this command runs, so the figures follow the models now stored, even before `code` runs again.
// On documents a model learned from, its figures flatter it: `kansrijk learn --evaluate` gives cross-validated ones.
//
// Without a gold file, with a --coder, or with no model at all, it is report/coder_agreement.h's WriteAgreement.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kansrijk {

struct AgreeCommand {
  std::string db, gold, disagreements;
  std::string codebook;  // whose starting model to use when the database has none; empty: the stored codebook's
  std::vector<std::string> coders, codes;
  bool all_documents = false;
};
void RunAgree(const AgreeCommand& command, std::ostream& out);

}  // namespace kansrijk
