// Codebooks from other tools (docs/codebook.md, "Other formats"); REFI-QDA codebooks are in exchange/qdc.h.
//
//   std::string yaml = WriteCodebookYaml(ImportLiwcDictionary("woorden.dic"));  // → codebook import
//
// Every importer returns a Codebook that WriteCodebookYaml writes and LoadCodebook reads back unchanged, and
// throws Error at file:line:column (with a hint) for what it cannot read. Imported ids are readable slugs
// of the names in the file ("Sociale steun" → sociale-steun), made unique with -2, -3 where two collide.
// The imported codebook's id is the slug of the file name (without extension), its title the file name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "code/codebook.h"

namespace kansrijk {

// Our YAML codebook format (docs/codebook.md) of `book`: LoadCodebook of the text gives an equal codebook
// (ids, labels, valence, colour, texts, examples, exclusions, manual, rules with all their settings).
// Comments of the original file are not kept. Deterministic: the same codebook gives the same bytes.
std::string WriteCodebookYaml(const Codebook& book);

// A quanteda YAML dictionary (`dictionary(file = , format = "YAML")`, or `write_yaml(as.yaml(dict))`):
//   geld: [geld, budget*, te weinig geld]            # a flat key → a code in the category named after the file
//   steun:                                           # a key with sub-keys → a category
//     sociaal: [vriend*, buren]                      # → code steun-sociaal, label "sociaal"
//     formeel: {zorg: [huisarts*], school: [juf]}    # → codes steun-formeel-zorg (label "formeel / zorg"), ...
// Terms of a key that also has sub-keys become a code <key>-algemeen. Each code gets one terms rule
// (globs prefix*, *suffix, *infix* and multi-word phrases as in quanteda); a term with `?` (one character) or
// a `*` inside a word becomes a regex rule that means the same. Valence neutral, colours from a fixed palette
// in file order, not stemmed. Throws Error for invalid YAML, a key without terms, a term that is not text or
// has no letters.
Codebook ImportQuantedaDictionary(const std::filesystem::path& file);

// A LIWC dictionary (.dic): a header between two lines `%` of `number<TAB>category`, then one line per term,
// `term<TAB>n<TAB>m...` (terms may end in `*`). Every category becomes a code (in file order) in one category
// named after the file, with a terms rule of its terms; a term in several categories is in each. A category
// without terms becomes a manual code. Tolerates a BOM, CRLF and spaces instead of tabs. Throws Error at
// file:line:column for a missing `%` line, an unknown or malformed category number, a term line without
// categories.
Codebook ImportLiwcDictionary(const std::filesystem::path& file);

}  // namespace kansrijk
