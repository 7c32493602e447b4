// The FTS5 tokenizer "kansrijk_nl" (internal to store/): search matches the way coding will.
//
// Documents: every word as its normalised form (normalize.h: case, diacritics, quotes, IJ, hyphenation), and
// nothing else. Offsets point into the ORIGINAL text, so highlight() marks what the speaker said.
// Each distinct word's forms, its Snowball stem (unless the word is its own stem) and the stems of its compound
// parts, go into the table index_forms(form, word) as ingest stores the word's first document (Store::PutDocument).
// Queries: a plain term becomes, as FTS5 synonyms at its place, the corpus words with a form equal to its stem
// (financiering finds financieringen; tekort finds personeelstekort) and, when that stem is its own stem, the
// stem as a written word; a prefix term (financ*) stays its written normalised form.
// Up to kansrijk_nl/3 the index held each word's forms beside it, marked; kansrijk_nl/4 finds the same turns with
// the same highlights (tests/store/fts_tokenizer_test.cc) from an index of half the tokens.
#pragma once

#include <sqlite3.h>

#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/recent_words.h"
#include "base/word_table.h"
#include "normalize/morphology.h"
#include "normalize/normalize.h"
#include "segment/segment.h"
#include "store/store.h"

namespace kansrijk {

// Bump when the tokens change: the store then rebuilds the index and index_forms.
// 2: no compound parts over 64 bytes; 3: no marked stem for a word that is its own stem; 4: words only, the forms
// in index_forms.
inline constexpr const char* kTokenizerVersion = "kansrijk_nl/4";

// The forms a query finds each distinct word under besides itself (its stem unless it is its own, the stems of its
// compound parts), made once per word: one lookup per word of a turn instead of one per form and part. The words
// with forms made since the last TakeFresh wait there for index_forms. Thread-safe; the references it returns stay
// valid (node-based).
class IndexForms {
 public:
  const std::vector<std::string>& Of(const Morphology& morphology, std::string_view word);
  // The words of `turns` without forms yet, each once, in the order they first occur.
  std::vector<std::string_view> Unknown(std::span<const SegmentedTurn> turns);

  struct Fresh {
    const std::string* word;
    const std::vector<std::string>* forms;  // never empty
  };
  std::vector<Fresh> TakeFresh();

 private:
  // The word's forms when it has them (remembered in this thread's recent words), else null.
  const std::vector<std::string>* Known(std::string_view word);

  WordTable<std::vector<std::string>> forms_;
  std::mutex fresh_mutex_;
  std::vector<Fresh> fresh_;
  const uint64_t recent_owner_ = NewRecentWordsOwner();  // Of's per-thread table
};

// What the tokenizer works with on one connection. The writer may leave the segmented turns it is about to index
// in `known` (segmented on the parser threads), in the order it indexes them: when the text to index is the next
// known text, the tokenizer emits that turn's words instead of word-breaking the text again on the writer's thread.
struct TokenizerContext {
  struct Known {
    std::string_view text;
    const SegmentedTurn* turn = nullptr;
  };
  const Morphology* morphology = nullptr;
  sqlite3* db = nullptr;  // where a query looks up index_forms (set by RegisterTokenizer)
  std::vector<Known> known;
  size_t next_known = 0;
  IndexForms forms;  // shared with the parser threads (Store::PrepareIndexForms)
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

// Registers the tokenizer on `db` and points `context` at it; `context` must outlive the connection.
void RegisterTokenizer(sqlite3* db, TokenizerContext* context);

}  // namespace kansrijk
