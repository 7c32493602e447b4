// `kansrijk suggest`: words that the turns researchers coded C share and the other respondent turns lack
// (code/suggest.h does the counting), and the coded turns the rules miss.
//
//   HumanCodedTurns turns = CollectHumanCoded(store, "personeelstekort");
//   WriteSuggestions(turns, coder, "personeelstekort", {.limit = 30}, std::cout);
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "code/coder.h"
#include "code/suggest.h"
#include "store/store.h"

namespace kansrijk {

// The respondent turns of `code_id`'s keyness suggestions: those a researcher affirmed (their own coding or
// acceptance; only `coder`'s when given) against all other respondent turns. Throws Error with a hint when no
// researcher coded the code yet.
struct HumanCodedTurns {
  std::vector<TurnRow> target, reference;
};
HumanCodedTurns CollectHumanCoded(const Store& store, const std::string& code_id, const std::string& coder = "");

// The ranked terms with counts, G2, p, whether the codebook covers each and examples in context; then the
// human-coded turns in which `coder` finds no `code_id`.
void WriteSuggestions(const HumanCodedTurns& turns, const Coder& coder, const std::string& code_id,
                      const SuggestOptions& options, std::ostream& out);

}  // namespace kansrijk
