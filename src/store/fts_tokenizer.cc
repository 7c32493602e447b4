#include "store/fts_tokenizer.h"

#include <optional>
#include <string>

#include "base/error.h"
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
  const auto* state = reinterpret_cast<const TokenizerContext*>(self);
  const Morphology& morphology = *state->morphology;
  try {
    std::string_view input(text, static_cast<size_t>(size));
    if (!(flags & FTS5_TOKENIZE_QUERY)) {
      std::optional<IndexTokens> own;
      const IndexTokens& tokens = state->known && state->known_text == input
                                      ? *state->known
                                      : own.emplace(DocumentTokens(morphology, Normalize(input)));
      for (const IndexTokens::Token& t : tokens.tokens) {
        int rc = emit(context, t.colocated ? FTS5_TOKEN_COLOCATED : 0, tokens.bytes.data() + t.offset,
                      static_cast<int>(t.size), static_cast<int>(t.at.begin), static_cast<int>(t.at.end));
        if (rc != SQLITE_OK) return rc;
      }
      return SQLITE_OK;
    }
    NormalizedText normalized = Normalize(input);
    std::string marked;
    for (const Token& token : Tokenize(normalized.text)) {
      Span at = normalized.to_original.ToOriginal(token.span);
      if (!(flags & FTS5_TOKENIZE_PREFIX)) marked.assign(kStemMarker).append(morphology.Stem(token.text));
      std::string_view term = (flags & FTS5_TOKENIZE_PREFIX) ? token.text : std::string_view(marked);
      int rc = emit(context, 0, term.data(), static_cast<int>(term.size()), static_cast<int>(at.begin),
                    static_cast<int>(at.end));
      if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  } catch (...) {
    return SQLITE_ERROR;  // never let an exception cross SQLite's C frames
  }
}

}  // namespace

IndexTokens DocumentTokens(const Morphology& morphology, const NormalizedText& normalized) {
  IndexTokens out;
  auto add = [&](std::string_view marker, std::string_view text, Span at, bool colocated) {
    out.tokens.push_back({static_cast<uint32_t>(out.bytes.size()), static_cast<uint32_t>(marker.size() + text.size()),
                          at, colocated});
    out.bytes.append(marker).append(text);
  };
  for (const Token& token : Tokenize(normalized.text)) {
    Span at = normalized.to_original.ToOriginal(token.span);
    add({}, token.text, at, false);
    add(kStemMarker, morphology.Stem(token.text), at, true);
    for (const std::string& part : morphology.CompoundParts(token.text)) add(kStemMarker, morphology.Stem(part), at, true);
  }
  return out;
}

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
