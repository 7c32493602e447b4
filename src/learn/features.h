// What the learner sees of a respondent turn: words as the rules see them, through the project's own
// normalisation (normalize/, segment/) and morphology, and the negation cues of code/valence.h.
//
//   std::vector<std::string> f = TurnFeatures("We hebben geen geld voor de kraamzorg.", morphology);
//   // sorted and unique: "c:kraam", "c:zorg", "n:geld", "n:voor", "p:geen geld", "p:hebb geen", ..., "s:geld", ...
//
// Kinds, by prefix: "s:" the Snowball stem of a word, "c:" the stem of a compound part (personeelstekort →
// c:personel, c:tekort), "p:" two neighbouring stems in one clause, "n:" the stem of a word in the scope of a
// negation ("geen geld" → n:geld), so a model can tell absence from presence. Annotations ([lacht]) are left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "normalize/morphology.h"

namespace kansrijk {

std::vector<std::string> TurnFeatures(std::string_view turn_text, const Morphology& morphology);

}  // namespace kansrijk
