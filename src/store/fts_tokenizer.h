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

#include <string_view>

#include "normalize/morphology.h"
#include "normalize/normalize.h"

namespace kansrijk {

// Bump when the tokens change: the store then rebuilds the index.
inline constexpr const char* kTokenizerVersion = "kansrijk_nl/1";

// What the tokenizer works with on one connection. The writer may leave the normalised form of the turn it is
// about to store in `known` (segment/ made it on a worker thread): when the text to index is `known_text`, the
// tokenizer takes it instead of normalising the text a second time on the writer's thread.
struct TokenizerContext {
  const Morphology* morphology = nullptr;
  std::string_view known_text;
  const NormalizedText* known = nullptr;
};

// Sets `known` for one insert, and clears it again however the insert ends.
class KnownText {
 public:
  KnownText(TokenizerContext& context, std::string_view text, const NormalizedText& normalized) : context_(context) {
    context_.known_text = text;
    context_.known = &normalized;
  }
  ~KnownText() { context_ = {context_.morphology, {}, nullptr}; }
  KnownText(const KnownText&) = delete;
  KnownText& operator=(const KnownText&) = delete;

 private:
  TokenizerContext& context_;
};

// Registers the tokenizer on `db`; `context` must outlive the connection.
void RegisterTokenizer(sqlite3* db, TokenizerContext* context);

}  // namespace kansrijk
