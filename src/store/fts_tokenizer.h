// The FTS5 tokenizer "kansrijk_nl" (internal to store/): search matches the way coding will.
//
// Documents: every word as its normalised form (normalize.h: case, diacritics, quotes, IJ, hyphenation),
// plus, at the same position, its Snowball stem and the stems of its compound parts, marked with a
// leading \x01 so they never collide with a written word. Offsets point into the ORIGINAL text, so
// highlight() marks what the speaker said.
// Queries: a plain term becomes its marked stem (financiering finds financieringen; tekort finds
// personeelstekort); a prefix term (financ*) stays its written normalised form.
#pragma once

#include <sqlite3.h>

#include "normalize/morphology.h"

namespace kansrijk {

// Bump when the tokens change: the store then rebuilds the index.
inline constexpr const char* kTokenizerVersion = "kansrijk_nl/2";  // 2: no compound parts over 64 bytes

// Registers the tokenizer on `db`; `morphology` must outlive the connection.
void RegisterTokenizer(sqlite3* db, const Morphology* morphology);

}  // namespace kansrijk
