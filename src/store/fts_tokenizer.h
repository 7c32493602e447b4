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
#include "store/store.h"

namespace kansrijk {

// Bump when the tokens change: the store then rebuilds the index.
inline constexpr const char* kTokenizerVersion = "kansrijk_nl/2";  // 2: no compound parts over 64 bytes

// The tokens a document text is indexed under: every word, then at its position its marked stem and the
// marked stems of its compound parts. The tokenizer's document path; thread-safe.
IndexTokens DocumentTokens(const Morphology& morphology, const NormalizedText& normalized);

// What the tokenizer works with on one connection. The writer may leave the tokens of the turn it is about to
// store in `known` (made on a parser thread): when the text to index is `known_text`, the tokenizer emits them
// instead of tokenizing the text again on the writer's thread.
struct TokenizerContext {
  const Morphology* morphology = nullptr;
  std::string_view known_text;
  const IndexTokens* known = nullptr;
};

// Sets `known` for one insert (when there are tokens), and clears it again however the insert ends.
class KnownText {
 public:
  KnownText(TokenizerContext& context, std::string_view text, const IndexTokens* tokens) : context_(context) {
    context_.known_text = text;
    context_.known = tokens;
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
