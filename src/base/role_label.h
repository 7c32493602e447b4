// Speaker labels that name a role rather than a person. Ingest uses it to tell speakers apart from text that
// merely starts with a word and a colon; export uses it to leave roles alone when it pseudonymises names.
#pragma once

#include <string_view>

namespace kansrijk {

// True for labels that name a role rather than a person: I, R3, Interviewer 2, Deelnemer 4, Spreker 1, SP2, and
// the roles of the programme's field: Wethouder, Verloskundige 2, Moeder, ...
bool IsRoleLabel(std::string_view label);

}  // namespace kansrijk
