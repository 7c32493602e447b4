// The search index holds the words only (kansrijk_nl/4): a query term finds, as FTS5 synonyms, the words with its
// stem or a compound part with it (index_forms), and its stem as a written word when that is its own stem. This must
// find exactly what indexing every word's marked stem and part stems found: checked against an index made that
// way, on the bundled corpus, for every word it holds as a query, as a prefix, in phrases and NEAR, with the same
// highlights.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sqlite3.h>

#include <set>

#include "normalize/normalize.h"
#include "pipeline/ingest.h"
#include "store/check.h"
#include "store/fts_tokenizer.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using testing::SourceDir;
using testing::TempDir;

// The tokenizer as it was up to kansrijk_nl/2: every word, its marked stem and the marked stems of its compound
// parts; a query word becomes its marked stem, a prefix stays as written.
int ReferenceTokenize(Fts5Tokenizer* self, void* context, int flags, const char* text, int size,
                      int (*emit)(void*, int, const char*, int, int, int)) {
  const Morphology& morphology = *reinterpret_cast<const Morphology*>(self);
  NormalizedText normalized = Normalize(std::string_view(text, static_cast<size_t>(size)));
  for (const Token& token : Tokenize(normalized.text)) {
    Span at = normalized.to_original.ToOriginal(token.span);
    std::vector<std::pair<int, std::string>> terms;
    if (flags & FTS5_TOKENIZE_QUERY) {
      terms.emplace_back(0, (flags & FTS5_TOKENIZE_PREFIX) ? std::string(token.text) : "\x01" + morphology.Stem(token.text));
    } else {
      terms.emplace_back(0, std::string(token.text));
      terms.emplace_back(FTS5_TOKEN_COLOCATED, "\x01" + morphology.Stem(token.text));
      for (const std::string& part : morphology.CompoundParts(token.text)) {
        terms.emplace_back(FTS5_TOKEN_COLOCATED, "\x01" + morphology.Stem(part));
      }
    }
    for (const auto& [colocated, term] : terms) {
      int rc = emit(context, colocated, term.data(), static_cast<int>(term.size()), static_cast<int>(at.begin),
                    static_cast<int>(at.end));
      if (rc != SQLITE_OK) return rc;
    }
  }
  return SQLITE_OK;
}

void RegisterReference(sqlite3* db, const Morphology* morphology) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr), SQLITE_OK);
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  ASSERT_NE(api, nullptr);
  fts5_tokenizer tokenizer{[](void* context, const char**, int, Fts5Tokenizer** out) {
                             *out = static_cast<Fts5Tokenizer*>(context);
                             return SQLITE_OK;
                           },
                           [](Fts5Tokenizer*) {}, ReferenceTokenize};
  ASSERT_EQ(api->xCreateTokenizer(api, "reference_nl", const_cast<Morphology*>(morphology), &tokenizer, nullptr),
            SQLITE_OK);
}

class FtsTokenizerTest : public ::testing::Test {
 protected:
  // (turn id, highlighted text) of every match of `query` in `table`, in turn order.
  std::vector<std::string> Matches(const std::string& table, const std::string& query) {
    sqlite3_stmt* stmt = nullptr;
    std::string sql = fmt::format("SELECT rowid, highlight({0}, 0, '[', ']') FROM {0} WHERE {0} MATCH ? ORDER BY rowid",
                                  table);
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      out.push_back(fmt::format("{}: {}", sqlite3_column_int64(stmt, 0),
                                reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))));
    }
    EXPECT_EQ(rc, SQLITE_DONE) << query << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return out;
  }

  TempDir work_;
  sqlite3* db_ = nullptr;
};

TEST_F(FtsTokenizerTest, FindsWhatIndexingEveryMarkedStemFound) {
  const std::filesystem::path file = work_.path() / "k.db";
  { Store store = Store::Open(file); Ingest(store, {.corpus = SourceDir() / "corpus"}); }
  const Morphology& morphology = testing::SharedMorphology();
  ASSERT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  TokenizerContext context{&morphology};
  RegisterTokenizer(db_, &context);
  RegisterReference(db_, &morphology);
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db_,
                         "CREATE VIRTUAL TABLE reference USING fts5(text, content='turns', content_rowid='id', "
                         "tokenize='reference_nl'); INSERT INTO reference(reference) VALUES ('rebuild');",
                         nullptr, nullptr, &message),
            SQLITE_OK)
      << message;

  // Every distinct word of the corpus, in the order first met, and the words in turn order.
  std::vector<std::string> words, running;
  std::set<std::string> seen;
  sqlite3_stmt* turns = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT text FROM turns ORDER BY id", -1, &turns, nullptr), SQLITE_OK);
  while (sqlite3_step(turns) == SQLITE_ROW) {
    NormalizedText normalized = Normalize(reinterpret_cast<const char*>(sqlite3_column_text(turns, 0)));
    for (const Token& token : Tokenize(normalized.text)) {
      running.emplace_back(token.text);
      if (seen.insert(std::string(token.text)).second) words.emplace_back(token.text);
    }
  }
  sqlite3_finalize(turns);
  ASSERT_GT(words.size(), 1000u);

  std::vector<std::string> queries = {"tekort personeel", "\"te weinig geld\" OR financ*", "financiering",
                                      "kartrekker OR trekker", "geld NOT geldt", "NEAR(tekort personeel, 6)"};
  for (const std::string& word : words) {
    queries.push_back(fmt::format("\"{}\"", word));
    if (word.size() > 4) queries.push_back(fmt::format("\"{}\"*", word.substr(0, 4)));
  }
  for (size_t i = 0; i + 2 < running.size(); i += 13) {
    queries.push_back(fmt::format("\"{} {}\"", running[i], running[i + 1]));            // a phrase
    queries.push_back(fmt::format("NEAR(\"{}\" \"{}\", 2)", running[i], running[i + 2]));  // within two words
    queries.push_back(fmt::format("\"{}\" NOT \"{}\"", running[i], running[i + 1]));
  }
  size_t found = 0;
  for (const std::string& query : queries) {
    std::vector<std::string> reference = Matches("reference", query);
    found += !reference.empty();
    ASSERT_EQ(Matches("turns_fts", query), reference) << query;
  }
  EXPECT_GT(found, queries.size() / 2) << "most queries find something";
  sqlite3_close(db_);
}

// Schema 11 made the index again without its per-turn token counts; a database of schema 10 is moved over and
// finds the same turns.
TEST_F(FtsTokenizerTest, SchemaElevenDropsTheTokenCounts) {
  const std::filesystem::path file = work_.path() / "k.db";
  std::vector<TurnMatch> before;
  {
    Store store = Store::Open(file);
    Ingest(store, {.corpus = SourceDir() / "corpus"});
    before = store.Match("geld OR tekort", {}, 1000);
  }
  ASSERT_FALSE(before.empty());
  const Morphology& morphology = testing::SharedMorphology();
  ASSERT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  TokenizerContext context{&morphology};
  RegisterTokenizer(db_, &context);
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db_, R"sql(
    DROP TABLE turns_fts;
    CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='id', tokenize='kansrijk_nl');
    INSERT INTO turns_fts(turns_fts) VALUES ('rebuild');
    INSERT OR REPLACE INTO meta(key, value) VALUES ('tokenizer', 'kansrijk_nl/2');
    DROP TABLE index_forms;
    DROP TABLE coded_documents;
    PRAGMA user_version = 10;)sql", nullptr, nullptr, &message), SQLITE_OK) << message;
  auto has_docsize = [&] {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master WHERE name = 'turns_fts_docsize'", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    bool has = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    return has;
  };
  ASSERT_TRUE(has_docsize());
  sqlite3_close(db_);
  {
    Store store = Store::Open(file);
    std::vector<TurnMatch> after = store.Match("geld OR tekort", {}, 1000);
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) {
      EXPECT_EQ(after[i].turn.id, before[i].turn.id);
      EXPECT_EQ(after[i].matches, before[i].matches);
    }
    EXPECT_TRUE(CheckStore(store, {}).empty());
  }
  ASSERT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  EXPECT_FALSE(has_docsize());
  sqlite3_close(db_);
}

// Schema 12 dropped the trigger that indexed each new turn: ingest indexes a document's turns itself. A database
// of schema 11 still has the trigger; moved over, a changed document is indexed once, not twice (the index's own
// integrity check in CheckStore would find the second copy), and its new words are found.
TEST_F(FtsTokenizerTest, SchemaTwelveIndexesNewTurnsOnceWithoutTheTrigger) {
  const std::filesystem::path file = work_.path() / "k.db";
  work_.Write("corpus/2021/interview-a.txt", "I: Hoe gaat het?\nR: Goed.\n");
  {
    Store store = Store::Open(file);
    Ingest(store, {.corpus = work_.path() / "corpus"});
  }
  ASSERT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db_, R"sql(
    CREATE TRIGGER IF NOT EXISTS turns_fts_insert AFTER INSERT ON turns BEGIN
      INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text);
    END;
    DROP TABLE index_forms;
    DROP TABLE coded_documents;
    PRAGMA user_version = 11;)sql", nullptr, nullptr, &message), SQLITE_OK) << message;
  sqlite3_close(db_);

  work_.Write("corpus/2021/interview-a.txt", "I: Hoe gaat het?\nR: De kartrekker stopt.\nI: En?\nR: Geld is op.\n");
  Store store = Store::Open(file);
  IngestSummary summary = Ingest(store, {.corpus = work_.path() / "corpus"});
  EXPECT_EQ(summary.updated, 1);
  EXPECT_EQ(store.Match("kartrekker", {}, 10).size(), 1u);
  EXPECT_EQ(store.Match("geld", {}, 10).size(), 1u);
  EXPECT_TRUE(CheckStore(store, {}).empty());
}

// Schema 13 moved the words' forms out of the index into index_forms. A database of schema 12 (tokenizer
// kansrijk_nl/3) is moved over: its index is rebuilt with the words only and index_forms is filled from its turns,
// so a stem and a compound part find the same turns as before, and a later ingest adds the forms of new words.
TEST_F(FtsTokenizerTest, SchemaThirteenFillsTheFormsOfAnOlderDatabase) {
  const std::filesystem::path file = work_.path() / "k.db";
  std::vector<TurnMatch> before;
  const std::string query = "tekort OR financiering OR \"gezamenlijk doel\"";
  {
    Store store = Store::Open(file);
    Ingest(store, {.corpus = SourceDir() / "corpus"});
    before = store.Match(query, {}, 1000);
  }
  ASSERT_GT(before.size(), 10u);
  ASSERT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db_, R"sql(
    DROP TABLE index_forms;
    DROP TABLE coded_documents;
    INSERT OR REPLACE INTO meta(key, value) VALUES ('tokenizer', 'kansrijk_nl/3');
    PRAGMA user_version = 12;)sql", nullptr, nullptr, &message), SQLITE_OK) << message;
  sqlite3_close(db_);
  Store store = Store::Open(file);
  std::vector<TurnMatch> after = store.Match(query, {}, 1000);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].turn.id, before[i].turn.id);
    EXPECT_EQ(after[i].matches, before[i].matches);
  }
  EXPECT_TRUE(CheckStore(store, {}).empty());
}

}  // namespace
}  // namespace kansrijk
