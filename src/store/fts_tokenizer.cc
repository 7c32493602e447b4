#include "store/fts_tokenizer.h"

#include <optional>
#include <string>

#include "base/error.h"
#include "normalize/normalize.h"
#include "store/sqlite.h"

namespace kansrijk {

namespace {

constexpr char kStemMarker = '\x01';

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
  const auto* state = reinterpret_cast<const TokenizerContext*>(self);
  const Morphology* morphology = state->morphology;
  try {
    std::string_view input(text, static_cast<size_t>(size));
    std::optional<NormalizedText> own;
    const NormalizedText& normalized =
        state->known && state->known_text == input ? *state->known : own.emplace(Normalize(input));
    std::string marked;
    auto emit_marked = [&](int token_flags, std::string_view word, Span at) {
      marked.assign(1, kStemMarker);
      marked += morphology->Stem(word);
      return emit(context, token_flags, marked.data(), static_cast<int>(marked.size()), static_cast<int>(at.begin),
                  static_cast<int>(at.end));
    };
    for (const Token& token : Tokenize(normalized.text)) {
      Span at = normalized.to_original.ToOriginal(token.span);
      int rc = SQLITE_OK;
      if (flags & FTS5_TOKENIZE_QUERY) {
        rc = (flags & FTS5_TOKENIZE_PREFIX)
                 ? emit(context, 0, token.text.data(), static_cast<int>(token.text.size()), static_cast<int>(at.begin),
                        static_cast<int>(at.end))
                 : emit_marked(0, token.text, at);
      } else {
        rc = emit(context, 0, token.text.data(), static_cast<int>(token.text.size()), static_cast<int>(at.begin),
                  static_cast<int>(at.end));
        if (rc == SQLITE_OK) rc = emit_marked(FTS5_TOKEN_COLOCATED, token.text, at);
        for (const std::string& part : morphology->CompoundParts(token.text)) {
          if (rc == SQLITE_OK) rc = emit_marked(FTS5_TOKEN_COLOCATED, part, at);
        }
      }
      if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  } catch (...) {
    return SQLITE_ERROR;  // never let an exception cross SQLite's C frames
  }
}

}  // namespace

void RegisterTokenizer(sqlite3* db, TokenizerContext* context) {
  fts5_api* api = FtsApi(db);
  if (api == nullptr) {
    throw Error({}, "this SQLite has no FTS5", "install Debian's libsqlite3-0 (it is built with FTS5)");
  }
  fts5_tokenizer tokenizer{Create, Delete, TokenizeText};
  sqlite::Check(db,
                api->xCreateTokenizer(api, "kansrijk_nl", context, &tokenizer, nullptr),
                "registering the search tokenizer");
}

}  // namespace kansrijk
