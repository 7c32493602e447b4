// The FTS5 tokenizer "kansrijk_nl" (internal to store/): search matches the way coding will.
//
// Documents: every word as its normalised form (normalize.h: case, diacritics, quotes, IJ, hyphenation),
// plus, at the same position, its Snowball stem (unless the word is its own stem) and the stems of its
// compound parts, marked with a leading \x01 so they never collide with a written word. Offsets point into
// the ORIGINAL text, so highlight() marks what the speaker said.
// Queries: a plain term becomes its marked stem (financiering finds financieringen; tekort finds
// personeelstekort) and, when that stem is its own stem, also the stem as written (an FTS5 query synonym),
// which finds the words indexed without a marked stem; a prefix term (financ*) stays its written normalised form.
#pragma once

#include <sqlite3.h>

#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/recent_words.h"
#include "normalize/morphology.h"
#include "normalize/normalize.h"
#include "store/store.h"

namespace kansrijk {

// Bump when the tokens change: the store then rebuilds the index.
// 2: no compound parts over 64 bytes; 3: no marked stem for a word that is its own stem.
inline constexpr const char* kTokenizerVersion = "kansrijk_nl/3";

// The marked forms each distinct word is indexed under besides itself (its stem unless it is its own, the stems
// of its compound parts), made once per word: one lookup per word of a turn instead of one per form and part.
// Thread-safe; the references it returns stay valid (node-based).
class IndexForms {
 public:
  const std::vector<std::string>& Of(const Morphology& morphology, std::string_view word);

 private:
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::vector<std::string>> forms_;  // std::hash keeps each key's hash
  const uint64_t recent_owner_ = NewRecentWordsOwner();             // Of's per-thread table
};

// The tokens a document text is indexed under: every word (`tokens` of the normalised `text`), then at its
// position its marked forms. The tokenizer's document path; thread-safe.
IndexTokens DocumentTokens(const Morphology& morphology, IndexForms& forms, std::string_view text,
                           const std::vector<TokenAt>& tokens);

// What the tokenizer works with on one connection. The writer may leave the tokens of the turns it is about to
// index in `known` (made on the parser threads), in the order it indexes them: when the text to index is the next
// known text, the tokenizer emits its tokens instead of tokenizing the text again on the writer's thread.
struct TokenizerContext {
  struct Known {
    std::string_view text;
    const IndexTokens* tokens = nullptr;
  };
  const Morphology* morphology = nullptr;
  std::vector<Known> known;
  size_t next_known = 0;
  IndexForms forms;  // shared with the parser threads (Store::IndexTokensOf)
};

// Sets `known` for one statement that indexes turns, and clears it again however the statement ends.
class KnownTexts {
 public:
  KnownTexts(TokenizerContext& context, std::vector<TokenizerContext::Known> known) : context_(context) {
    context_.known = std::move(known);
    context_.next_known = 0;
  }
  ~KnownTexts() {
    context_.known.clear();
    context_.next_known = 0;
  }
  KnownTexts(const KnownTexts&) = delete;
  KnownTexts& operator=(const KnownTexts&) = delete;

 private:
  TokenizerContext& context_;
};

// Registers the tokenizer on `db`; `context` must outlive the connection.
void RegisterTokenizer(sqlite3* db, TokenizerContext* context);

}  // namespace kansrijk
