#include "store/fts_tokenizer.h"

#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>

#include "base/error.h"
#include "base/recent_words.h"
#include "normalize/normalize.h"
#include "store/sqlite.h"

namespace kansrijk {

namespace {

constexpr std::string_view kStemMarker = "\x01";

fts5_api* FtsApi(sqlite3* db) {  // documented in fts5.html §7.1
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

int Create(void* context, const char**, int, Fts5Tokenizer** out) {
  *out = static_cast<Fts5Tokenizer*>(context);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int TokenizeText(Fts5Tokenizer* self, void* context, int flags, const char* text, int size,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* state = reinterpret_cast<TokenizerContext*>(self);
  const Morphology& morphology = *state->morphology;
  try {
    std::string_view input(text, static_cast<size_t>(size));
    if (!(flags & FTS5_TOKENIZE_QUERY)) {
      // Every word as normalised, at its bytes of the original text; nothing else (the forms are in index_forms).
      auto emit_words = [&](std::string_view normalized, const std::vector<TokenAt>& tokens) {
        for (const TokenAt& t : tokens) {
          int rc = emit(context, 0, normalized.data() + t.normalized.begin, static_cast<int>(t.normalized.size()),
                        static_cast<int>(t.original.begin), static_cast<int>(t.original.end));
          if (rc != SQLITE_OK) return rc;
        }
        return SQLITE_OK;
      };
      if (state->next_known < state->known.size() && state->known[state->next_known].text == input) {
        const SegmentedTurn& turn = *state->known[state->next_known++].turn;
        return emit_words(turn.normalized.text, turn.tokens);
      }
      // Highlights, deletes and rebuilds.
      NormalizedText normalized = Normalize(input);
      return emit_words(normalized.text, LocateTokens(normalized));
    }
    NormalizedText normalized = Normalize(input);
    std::string marked;
    for (const Token& token : Tokenize(normalized.text)) {
      Span at = normalized.to_original.ToOriginal(token.span);
      auto put = [&](int colocated, std::string_view term) {
        return emit(context, colocated, term.data(), static_cast<int>(term.size()), static_cast<int>(at.begin),
                    static_cast<int>(at.end));
      };
      if (flags & FTS5_TOKENIZE_PREFIX) {
        if (int rc = put(0, token.text); rc != SQLITE_OK) return rc;
        continue;
      }
      // As synonyms FTS5 looks up at this place: the stem as a written word when it is its own stem (such a word
      // has no form of its own, IndexForms::Of), and every word with a form equal to the stem. None: the marked
      // stem, which no document holds, so the term finds nothing.
      const std::string& stem = morphology.Stem(token.text);
      int flag = 0;
      auto synonym = [&](std::string_view term) {
        int rc = put(flag, term);
        flag = FTS5_TOKEN_COLOCATED;
        return rc;
      };
      if (morphology.Stem(stem) == stem) {
        if (int rc = synonym(stem); rc != SQLITE_OK) return rc;
      }
      sqlite::Statement words(state->db, "SELECT word FROM index_forms WHERE form = ?");  // a few per query
      words.Bind(1, stem);
      while (words.Step()) {
        if (int rc = synonym(words.Text(0)); rc != SQLITE_OK) return rc;
      }
      if (flag == 0) {
        marked.assign(kStemMarker).append(stem);
        if (int rc = synonym(marked); rc != SQLITE_OK) return rc;
      }
    }
    return SQLITE_OK;
  } catch (...) {
    return SQLITE_ERROR;  // never let an exception cross SQLite's C frames
  }
}

}  // namespace

const std::vector<std::string>& IndexForms::Of(const Morphology& morphology, std::string_view word) {
  if (const std::vector<std::string>* known = Known(word)) return *known;
  std::vector<std::string> forms;
  // A word that is its own stem has no form for it: a query for that stem also looks the word up as written
  // (TokenizeText). Most short words are their own stem.
  if (const std::string& stem = morphology.Stem(word); stem != word) forms.push_back(stem);
  for (const std::string& part : morphology.CompoundParts(word)) forms.push_back(morphology.Stem(part));
  auto [it, added] = forms_.emplace(std::string(word), std::move(forms));
  if (added && !it->second.empty()) {
    std::lock_guard lock(fresh_mutex_);
    fresh_.push_back({&it->first, &it->second});
  }
  RecentWords<std::vector<std::string>>::Put(recent_owner_, std::hash<std::string_view>{}(word), &it->first,
                                             &it->second);
  return it->second;
}

const std::vector<std::string>* IndexForms::Known(std::string_view word) {
  using Recent = RecentWords<std::vector<std::string>>;
  const size_t hash = std::hash<std::string_view>{}(word);
  if (const std::vector<std::string>* forms = Recent::Find(recent_owner_, hash, word)) return forms;
  auto it = forms_.find(word);
  if (it == forms_.end()) return nullptr;
  Recent::Put(recent_owner_, hash, &it->first, &it->second);
  return &it->second;
}

std::vector<std::string_view> IndexForms::Unknown(std::span<const SegmentedTurn> turns) {
  std::vector<std::string_view> out;
  std::unordered_set<std::string_view> seen;
  for (const SegmentedTurn& turn : turns) {
    for (const TokenAt& token : turn.tokens) {
      std::string_view word = std::string_view(turn.normalized.text).substr(token.normalized.begin, token.normalized.size());
      if (!Known(word) && seen.insert(word).second) out.push_back(word);
    }
  }
  return out;
}

std::vector<IndexForms::Fresh> IndexForms::TakeFresh() {
  std::lock_guard lock(fresh_mutex_);
  return std::exchange(fresh_, {});
}

void RegisterTokenizer(sqlite3* db, TokenizerContext* context) {
  fts5_api* api = FtsApi(db);
  if (api == nullptr) {
    throw Error({}, "this SQLite has no FTS5", "install Debian's libsqlite3-0 (it is built with FTS5)");
  }
  context->db = db;
  fts5_tokenizer tokenizer{Create, Delete, TokenizeText};
  sqlite::Check(db,
                api->xCreateTokenizer(api, "kansrijk_nl", context, &tokenizer, nullptr),
                "registering the search tokenizer");
}

}  // namespace kansrijk
