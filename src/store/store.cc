#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <unordered_map>
#include <tuple>
#include <variant>

#include "base/error.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "ingest/corpus.h"
#include "ingest/transcript.h"
#include "normalize/morphology.h"
#include "store/anchor.h"
#include "store/fts_tokenizer.h"
#include "segment/segment.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store_internal.h"

namespace kansrijk {


namespace {
ManualWork::Kind ParseKind(const std::string& kind);  // below
}  // namespace

// Places the researcher's work on a document's new turns (store/anchor.h). Runs inside PutDocument's transaction.
Reanchored Store::Impl::Reanchor(int64_t document, const std::string& file) {
  std::vector<AnchorTurn> turns;
  std::map<int, std::pair<int64_t, size_t>> by_number;  // turn number → its id, and its index in `turns`
  sqlite::Statement& read = Prepared("SELECT id, number, text FROM turns WHERE document_id = ? ORDER BY number");
  for (read.Bind(1, document); read.Step();) {
    by_number[static_cast<int>(read.Int(1))] = {read.Int(0), turns.size()};
    turns.push_back({static_cast<int>(read.Int(1)), read.Text(2)});
  }
  read.Reset();
  Prepared("UPDATE manual SET orphaned = NULL WHERE file = ? AND turn_number IS NULL").Bind(1, file).Run();

  std::vector<int64_t> ids;
  std::vector<AnchoredWork> work;
  sqlite::Statement& unplaced = Prepared(
      "SELECT id, turn_number, turn_text, span_text, begin, kind FROM manual "
      "WHERE file = ? AND turn_number IS NOT NULL AND turn_id IS NULL ORDER BY id");
  for (unplaced.Bind(1, file); unplaced.Step();) {
    ids.push_back(unplaced.Int(0));
    work.push_back({.kind = ParseKind(unplaced.Text(5)), .turn = static_cast<int>(unplaced.Int(1)),
                    .turn_text = unplaced.Text(2), .span_text = unplaced.Text(3), .begin = unplaced.Int(4)});
  }
  unplaced.Reset();

  Reanchored result;
  sqlite::Statement& place = Prepared(
      "UPDATE manual SET turn_id = ?1, turn_number = ?2, turn_text = ?3, begin = ?4, end = ?5, "
      "span_text = ?6, orphaned = NULL WHERE id = ?7");
  sqlite::Statement& orphan = Prepared("UPDATE manual SET orphaned = ? WHERE id = ?");
  std::vector<Placement> placements = kansrijk::Reanchor(work, turns);
  for (size_t i = 0; i < placements.size(); ++i) {
    const Placement& p = placements[i];
    if (p.how == Placement::How::kOrphaned) {
      orphan.Bind(1, p.orphaned).Bind(2, ids[i]).Run();
      ++result.orphaned;
      continue;
    }
    auto turn = by_number.find(p.turn);
    assert(turn != by_number.end());  // Reanchor places work on the turns it was given only
    const auto [turn_id, index] = turn->second;
    const std::string& text = turns[index].text;
    place.Bind(1, turn_id).Bind(2, int64_t{p.turn}).Bind(3, text).Bind(4, int64_t{p.span.begin});
    place.Bind(5, int64_t{p.span.end}).Bind(6, text.substr(p.span.begin, p.span.size())).Bind(7, ids[i]).Run();
    ++result.placed;
    if (p.how == Placement::How::kSimilarTurn) ++result.similar;
  }
  return result;
}

namespace store_internal {

// WHERE conditions for a filter over `documents d` joined with `speakers s`, and their values.
std::string FilterSql(const TurnFilter& filter, std::vector<Value>& values) {
  std::string sql;
  auto in_list = [&](const std::string& expression, size_t count) {
    sql += " AND " + expression + " IN (";
    for (size_t i = 0; i < count; ++i) sql += i ? ",?" : "?";
    sql += ")";
  };
  if (!filter.years.empty()) {
    in_list("d.year", filter.years.size());
    for (int year : filter.years) values.emplace_back(int64_t{year});
  }
  if (!filter.files.empty()) {
    in_list("d.file", filter.files.size());
    for (const std::string& file : filter.files) values.emplace_back(file);
  }
  if (!filter.types.empty()) {
    in_list("d.type", filter.types.size());
    for (const std::string& type : filter.types) values.emplace_back(type);
  }
  if (!filter.roles.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM variables v WHERE v.document_id = d.id AND v.name = 'role' AND lower(v.value) IN (";
    for (size_t i = 0; i < filter.roles.size(); ++i) sql += i ? ",lower(?)" : "lower(?)";
    sql += "))";
    for (const std::string& role : filter.roles) values.emplace_back(role);
  }
  if (filter.speakers == TurnFilter::Speakers::kRespondent) sql += " AND coalesce(s.is_interviewer, 0) = 0";
  if (filter.speakers == TurnFilter::Speakers::kInterviewer) sql += " AND s.is_interviewer = 1";
  return sql;
}

void BindAll(sqlite::Statement& statement, const std::vector<Value>& values, int first) {
  for (size_t i = 0; i < values.size(); ++i) {
    std::visit([&](const auto& v) { statement.Bind(first + static_cast<int>(i), v); }, values[i]);
  }
}

TurnRow ReadTurnRow(const sqlite::Statement& row) {
  return TurnRow{row.Int(0),      row.Text(1),        static_cast<int>(row.Int(2)), row.Text(3),
                 static_cast<int>(row.Int(4)),      row.Text(5),  row.Int(6) != 0,  row.OptionalInt(7),
                 row.OptionalInt(8), row.Text(9), static_cast<int>(row.Int(10))};
}

}  // namespace store_internal

using namespace store_internal;

namespace {

// highlight() output with \x02 \x03 around matches → the spans of the matches in the unmarked text.
std::vector<Span> MarkedSpans(const std::string& marked) {
  std::vector<Span> spans;
  uint32_t offset = 0;
  for (char c : marked) {
    if (c == '\x02') {
      spans.push_back({offset, offset});
    } else if (c == '\x03') {
      if (!spans.empty()) spans.back().end = offset;
    } else {
      ++offset;
    }
  }
  return spans;
}

void CreatePrivateFile(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    throw Error({file.string()}, std::string("cannot create the database: ") + std::strerror(errno),
                "check that the folder exists and is writable");
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;
void Store::Close() { impl_->Close(); }

Store Store::Open(const std::filesystem::path& file, const StoreOptions& options) {
  const std::string name = file.string();
  bool exists = std::filesystem::exists(file);
  if (!exists && options.must_exist) {
    throw Error({name}, "no database here", "run `kansrijk ingest CORPUS --db " + name + "` first");
  }
  if (!exists) CreatePrivateFile(file);  // SQLite gives the -wal and -shm files the same mode
  auto impl = std::make_unique<Impl>(Morphology::Load(options.dictionary));
  // No memory statistics (nothing reads them): with them on, every allocation of SQLite's takes a global mutex,
  // several per indexed token while ingest stores turns. Only possible before SQLite's first use in the process.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  int rc = sqlite3_open_v2(name.c_str(), &impl->db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) throw Error({name}, std::string("cannot open the database: ") + sqlite3_errstr(rc));
  sqlite3_extended_result_codes(impl->db, 1);
  RegisterTokenizer(impl->db, &impl->tokenizer);
  try {
    sqlite::Exec(impl->db, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");
    sqlite::Exec(impl->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  } catch (const Error& error) {
    // A fault the user can mend (a read-only folder, a full disk, another writer, a damaged file) says so;
    // anything else means the file is not a database.
    if (!error.hint().empty()) {
      throw Error({name}, "cannot open the database (" + error.message() + ")", error.hint());
    }
    throw Error({name}, "not a kansrijk database (" + error.message() + ")", "give another --db file");
  }
  Store store(std::move(impl));
  sqlite3* db = store.impl_->db;
  int64_t version = 0, tables = 0;
  {
    sqlite::Statement v(db, "PRAGMA user_version");
    if (v.Step()) version = v.Int(0);
    sqlite::Statement t(db, "SELECT count(*) FROM sqlite_master");
    if (t.Step()) tables = t.Int(0);
  }
  const auto& migrations = SchemaMigrations();
  if (version == 0 && tables > 0) {
    throw Error({name}, "not a kansrijk database (it has tables of another program)", "give another --db file");
  }
  if (version > static_cast<int64_t>(migrations.size())) {
    throw Error({name}, fmt::format("the database has schema version {}, newer than this kansrijk knows ({})", version,
                                    migrations.size()),
                "update kansrijk");
  }
  for (int64_t v = version; v < static_cast<int64_t>(migrations.size()); ++v) {
    sqlite::Transaction transaction(db);
    sqlite::Exec(db, migrations[v]);
    sqlite::Exec(db, fmt::format("PRAGMA user_version = {}", v + 1));
    transaction.Commit();
  }
  if (version < 5) FillTextHashes(db);
  // The index depends on our tokenizer: when its tokens change, rebuild it from the turns.
  sqlite::Statement tokenizer(db, "SELECT value FROM meta WHERE key = 'tokenizer'");
  std::string indexed = tokenizer.Step() ? tokenizer.Text(0) : "";
  if (indexed != kTokenizerVersion || version < 13) {
    sqlite::Transaction transaction(db);
    if (!indexed.empty()) sqlite::Exec(db, "INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')");
    // The forms of every word of the turns, for a database made before index_forms or by another tokenizer.
    store.RecallWordParts();
    sqlite::Exec(db, "DELETE FROM index_forms");
    sqlite::Statement turns(db, "SELECT text FROM turns");
    while (turns.Step()) store.PrepareIndexForms(std::array{SegmentTurn(turns.Text(0))});
    store.impl_->RecordIndexForms();
    sqlite::Statement(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('tokenizer', ?)")
        .Bind(1, kTokenizerVersion)
        .Run();
    transaction.Commit();
  }
  return store;
}

std::filesystem::path Store::File() const {
  const char* file = sqlite3_db_filename(impl_->db, "main");
  return file ? std::filesystem::path(file) : std::filesystem::path();
}

std::optional<std::string> Store::CorpusRoot() const {
  sqlite::Statement& s = impl_->Prepared("SELECT value FROM meta WHERE key = 'corpus_root'");
  std::optional<std::string> root = s.Step() ? std::optional<std::string>(s.Text(0)) : std::nullopt;
  // Reset, or the statement would hold its read snapshot open: a later write would then fail at once with
  // "database is locked" (SQLITE_BUSY_SNAPSHOT) as soon as another process had committed, without waiting.
  s.Reset();
  return root;
}

void Store::SetCorpusRoot(const std::string& root) {
  impl_->Prepared("INSERT OR REPLACE INTO meta(key, value) VALUES ('corpus_root', ?)").Bind(1, root).Run();
}

std::vector<StoredDocument> Store::Documents() const { return ReadDocuments(""); }

std::optional<StoredDocument> Store::FindDocument(const std::string& file) const {
  std::vector<StoredDocument> found = ReadDocuments(file);
  return found.empty() ? std::nullopt : std::optional<StoredDocument>(std::move(found[0]));
}

std::vector<StoredDocument> Store::ReadDocuments(const std::string& file) const {
  sqlite::Statement& s = impl_->Prepared(R"sql(
    SELECT d.id, d.file, d.year, d.type, d.format, d.encoding, d.fingerprint,
           (SELECT count(*) FROM turns t WHERE t.document_id = d.id),
           (SELECT count(*) FROM speakers sp WHERE sp.document_id = d.id),
           (SELECT coalesce(sum(t.words), 0) FROM turns t LEFT JOIN speakers sp ON sp.id = t.speaker_id
             WHERE t.document_id = d.id AND coalesce(sp.is_interviewer, 0) = 0)
    FROM documents d WHERE ?1 = '' OR d.file = ?1 ORDER BY d.file)sql");
  s.Bind(1, file);
  std::vector<StoredDocument> out;
  while (s.Step()) {
    out.push_back({s.Int(0), s.Text(1), static_cast<int>(s.Int(2)), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   static_cast<int>(s.Int(7)), static_cast<int>(s.Int(8)), static_cast<int>(s.Int(9))});
  }
  return out;
}

Reanchored Store::PutDocument(const DocumentRecord& record) {
  const Transcript& transcript = record.transcript;
  const DocumentMeta& meta = record.source.meta;
  sqlite::Transaction transaction(impl_->db);
  sqlite::Statement& find = impl_->Prepared("SELECT id FROM documents WHERE file = ?");
  std::optional<int64_t> id;
  if (find.Bind(1, record.source.name).Step()) id = find.Int(0);
  find.Reset();
  if (id) {
    // Children go with their rows (ON DELETE CASCADE); the turn index follows through its trigger.
    impl_->Prepared("DELETE FROM turns WHERE document_id = ?").Bind(1, *id).Run();
    impl_->Prepared("DELETE FROM speakers WHERE document_id = ?").Bind(1, *id).Run();
    impl_->Prepared("DELETE FROM variables WHERE document_id = ?").Bind(1, *id).Run();
    impl_->Prepared("DELETE FROM document_warnings WHERE document_id = ?").Bind(1, *id).Run();
    impl_->Prepared("DELETE FROM coded_documents WHERE document_id = ?").Bind(1, *id).Run();  // its codings went
  }
  sqlite::Statement& put = impl_->Prepared(R"sql(
    INSERT INTO documents(id, file, year, type, format, encoding, encoding_confidence, content_hash, fingerprint, bytes,
                          text_hash)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
    ON CONFLICT(id) DO UPDATE SET year = ?3, type = ?4, format = ?5, encoding = ?6, encoding_confidence = ?7,
      content_hash = ?8, fingerprint = ?9, bytes = ?10, text_hash = ?11)sql");
  std::vector<std::string_view> texts;
  for (const Turn& t : transcript.turns) texts.push_back(t.text);
  put.Bind(11, TextHash(texts));
  put.Bind(1, id).Bind(2, record.source.name).Bind(3, int64_t{meta.year}).Bind(4, ToString(meta.type));
  put.Bind(5, transcript.format).Bind(6, transcript.encoding).Bind(7, int64_t{transcript.encoding_confidence});
  put.Bind(8, record.content_hash).Bind(9, record.fingerprint).Bind(10, static_cast<int64_t>(record.bytes)).Run();
  const int64_t document = id ? *id : sqlite3_last_insert_rowid(impl_->db);

  sqlite::Statement& variable = impl_->Prepared("INSERT INTO variables(document_id, name, value) VALUES (?, ?, ?)");
  for (const auto& [name, value] : meta.variables) variable.Bind(1, document).Bind(2, name).Bind(3, value).Run();
  sqlite::Statement& warning = impl_->Prepared("INSERT INTO document_warnings(document_id, message) VALUES (?, ?)");
  // Stored as printed ("file: message"), as before warnings carried a Location.
  for (const Diagnostic& diagnostic : transcript.warnings) {
    warning.Bind(1, document).Bind(2, diagnostic.ToString()).Run();
  }

  sqlite::Statement& speaker =
      impl_->Prepared("INSERT INTO speakers(document_id, label, is_interviewer) VALUES (?, ?, ?)");
  sqlite::Statement& turn = impl_->Prepared(R"sql(
    INSERT INTO turns(document_id, number, speaker_id, start_ms, end_ms, line, text, words)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql");
  sqlite::Statement& sentence = impl_->Prepared("INSERT INTO sentences(turn_id, number, begin, end) VALUES (?, ?, ?, ?)");
  sqlite::Statement& annotation = impl_->Prepared("INSERT INTO annotations(turn_id, begin, end) VALUES (?, ?, ?)");
  std::map<std::string, int64_t> speaker_ids;
  std::vector<std::pair<int64_t, const Coding*>> codings;  // made while ingesting, with their turn
  for (size_t i = 0; i < transcript.turns.size(); ++i) {
    const Turn& t = transcript.turns[i];
    const SegmentedTurn& segmented = record.segments[i];
    std::optional<int64_t> speaker_id;
    if (!t.speaker.empty()) {
      auto [it, inserted] = speaker_ids.emplace(t.speaker, 0);
      if (inserted) {
        speaker.Bind(1, document).Bind(2, t.speaker).Bind(3, int64_t{t.is_interviewer}).Run();
        it->second = sqlite3_last_insert_rowid(impl_->db);
      }
      speaker_id = it->second;
    }
    turn.Bind(1, document).Bind(2, int64_t{t.number}).Bind(3, speaker_id).Bind(4, t.start_ms).Bind(5, t.end_ms);
    turn.Bind(6, int64_t{t.line}).Bind(7, t.text).Bind(8, int64_t{segmented.words});
    turn.Run();
    const int64_t turn_id = sqlite3_last_insert_rowid(impl_->db);
    if (record.codings) {
      for (const Coding& coding : record.codings->turns.at(i)) codings.emplace_back(turn_id, &coding);
    }
    for (size_t s = 0; s < segmented.sentences.size(); ++s) {
      const Span& span = segmented.sentences[s];
      sentence.Bind(1, turn_id).Bind(2, static_cast<int64_t>(s + 1)).Bind(3, int64_t{span.begin});
      sentence.Bind(4, int64_t{span.end}).Run();
    }
    for (const Span& span : segmented.annotations) {
      annotation.Bind(1, turn_id).Bind(2, int64_t{span.begin}).Bind(3, int64_t{span.end}).Run();
    }
  }
  // The document's turns go into the search index in one statement (schema 12: one index segment per document,
  // not per turn), with the words the parser threads found.
  std::vector<TokenizerContext::Known> known;
  for (size_t i = 0; i < transcript.turns.size(); ++i) {
    known.push_back({transcript.turns[i].text, &record.segments[i]});
  }
  {
    KnownTexts replay(impl_->tokenizer, std::move(known));
    impl_->Prepared("INSERT INTO turns_fts(rowid, text) SELECT id, text FROM turns WHERE document_id = ? ORDER BY id")
        .Bind(1, document).Run();
  }
  // The forms of the words met first in this document (or in one a parser thread has ready after it: harmless).
  impl_->RecordIndexForms();
  impl_->KeepWordParts();  // the splits of this document's new words, with it
  if (record.codings) {
    std::unordered_map<std::string, int64_t> seen;
    const int64_t book = impl_->PutCodebook(record.codings->codebook, seen);
    impl_->InsertRuleCodings(book, codings, seen);
    impl_->Prepared("INSERT INTO coded_documents(document_id, codebook, key) VALUES (?, ?, ?)")
        .Bind(1, document).Bind(2, record.codings->codebook.id).Bind(3, record.codings->key).Run();
  }
  Reanchored reanchored = impl_->Reanchor(document, record.source.name);
  transaction.Commit();
  return reanchored;
}

void Store::Impl::RecordIndexForms() {
  sqlite::Statement& insert = Prepared("INSERT OR IGNORE INTO index_forms(form, word) VALUES (?, ?)");
  for (const IndexForms::Fresh& fresh : tokenizer.forms.TakeFresh()) {
    for (const std::string& form : *fresh.forms) insert.Bind(1, form).Bind(2, *fresh.word).Run();
  }
}

const Morphology& Store::morphology() const { return impl_->morphology; }

void Store::PrepareIndexForms(std::span<const SegmentedTurn> turns) const {
  // The new words first, then their splits back to back: hunspell's tables stay in the core's cache between its
  // questions (docs/performance.md, eighth step).
  std::vector<std::string_view> fresh = impl_->tokenizer.forms.Unknown(turns);
  for (std::string_view word : fresh) impl_->morphology.CompoundParts(word);
  for (std::string_view word : fresh) impl_->tokenizer.forms.Of(impl_->morphology, word);
}

void Store::RemoveDocument(const std::string& file) {
  sqlite::Transaction transaction(impl_->db);
  impl_->Prepared("UPDATE manual SET orphaned = 'the document is no longer in the corpus' WHERE file = ?")
      .Bind(1, file).Run();
  impl_->Prepared("DELETE FROM documents WHERE file = ?").Bind(1, file).Run();
  transaction.Commit();
}

void Store::RecordRun(const std::string& corpus, int added, int updated, int unchanged, int removed, int failed) {
  impl_->Prepared("INSERT INTO runs(corpus, added, updated, unchanged, removed, failed) VALUES (?, ?, ?, ?, ?, ?)")
      .Bind(1, corpus).Bind(2, int64_t{added}).Bind(3, int64_t{updated}).Bind(4, int64_t{unchanged})
      .Bind(5, int64_t{removed}).Bind(6, int64_t{failed}).Run();
}

std::vector<TurnRow> Store::Turns(const TurnFilter& filter) const {
  std::vector<Value> values;
  std::string sql = fmt::format(
      "SELECT {} FROM turns t JOIN documents d ON d.id = t.document_id LEFT JOIN speakers s ON s.id = t.speaker_id "
      "WHERE 1{} ORDER BY d.year, d.file, t.number",
      kTurnColumns, FilterSql(filter, values));
  sqlite::Statement s(impl_->db, sql);
  BindAll(s, values);
  std::vector<TurnRow> out;
  while (s.Step()) out.push_back(ReadTurnRow(s));
  return out;
}

std::optional<TurnRow> Store::FindTurn(const std::string& file, int number) const {
  sqlite::Statement s(impl_->db, fmt::format(
      "SELECT {} FROM turns t JOIN documents d ON d.id = t.document_id LEFT JOIN speakers s ON s.id = t.speaker_id "
      "WHERE d.file = ? AND t.number = ?", kTurnColumns));
  s.Bind(1, file).Bind(2, int64_t{number});
  return s.Step() ? std::optional<TurnRow>(ReadTurnRow(s)) : std::nullopt;
}

std::vector<TurnMatch> Store::Match(const std::string& query, const TurnFilter& filter, int limit) const {
  std::vector<Value> values{query};
  std::string sql = fmt::format(
      "SELECT {}, highlight(turns_fts, 0, char(2), char(3)) FROM turns_fts "
      "JOIN turns t ON t.id = turns_fts.rowid JOIN documents d ON d.id = t.document_id "
      "LEFT JOIN speakers s ON s.id = t.speaker_id WHERE turns_fts MATCH ?{} ORDER BY d.year, d.file, t.number "
      "LIMIT {}",
      kTurnColumns, FilterSql(filter, values), limit);
  std::vector<TurnMatch> out;
  try {
    sqlite::Statement s(impl_->db, sql);
    BindAll(s, values);
    while (s.Step()) out.push_back({ReadTurnRow(s), MarkedSpans(s.Text(11))});
  } catch (const Error& error) {
    std::string why = error.message();
    if (auto at = why.find("fts5: "); at != std::string::npos) why = why.substr(at + 6);
    else if (auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
    throw Error({}, fmt::format("cannot read the search query '{}': {}", query, why),
                "put words with - ' . or : in double quotes (\"e-mail\"), and write AND, OR, NOT, NEAR in capitals");
  }
  return out;
}

std::vector<CorpusStats> Store::Stats() const {
  sqlite::Statement& s = impl_->Prepared(R"sql(
    SELECT d.year, d.type, count(DISTINCT d.id), count(t.id),
           coalesce(sum(t.id IS NOT NULL AND coalesce(sp.is_interviewer, 0) = 0), 0),
           coalesce(sum(CASE WHEN coalesce(sp.is_interviewer, 0) = 0 THEN t.words END), 0),
           coalesce(sum(CASE WHEN sp.is_interviewer = 1 THEN t.words END), 0)
    FROM documents d LEFT JOIN turns t ON t.document_id = d.id LEFT JOIN speakers sp ON sp.id = t.speaker_id
    GROUP BY d.year, d.type ORDER BY d.year, d.type)sql");
  std::vector<CorpusStats> out;
  while (s.Step()) {
    out.push_back({static_cast<int>(s.Int(0)), s.Text(1), static_cast<int>(s.Int(2)), static_cast<int>(s.Int(3)),
                   static_cast<int>(s.Int(4)), s.Int(5), s.Int(6)});
  }
  return out;
}

std::vector<std::string> Store::DocumentWarnings() const {
  sqlite::Statement& s = impl_->Prepared(
      "SELECT w.message FROM document_warnings w JOIN documents d ON d.id = w.document_id "
      "ORDER BY d.file, w.rowid");
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  return out;
}

void Store::ReplaceRuleCodings(const Codebook& codebook, const std::string& key,
                               const std::vector<std::pair<int64_t, Coding>>& codings,
                               const std::vector<std::string>& files) {
  sqlite::Transaction transaction(impl_->db);
  std::unordered_map<std::string, int64_t> seen;
  const int64_t book = impl_->LabelId(codebook.id, seen);
  // The documents whose codings go: every one, or those named (selected as Turns selects them).
  std::vector<Value> named;
  const std::string documents =
      "SELECT d.id FROM documents d WHERE 1" + FilterSql(TurnFilter{.files = files}, named);
  std::string remove_sql = "DELETE FROM coding_rows WHERE origin = 0 AND codebook = ?";
  if (!files.empty()) remove_sql += " AND turn_id IN (SELECT id FROM turns WHERE document_id IN (" + documents + "))";
  sqlite::Statement remove(impl_->db, remove_sql);
  remove.Bind(1, book);
  BindAll(remove, named, 2);
  remove.Run();
  impl_->PutCodebook(codebook, seen);
  std::vector<std::pair<int64_t, const Coding*>> rows;
  rows.reserve(codings.size());
  for (const auto& [turn, coding] : codings) rows.emplace_back(turn, &coding);
  impl_->InsertRuleCodings(book, rows, seen);
  sqlite::Statement mark(
      impl_->db, "INSERT OR REPLACE INTO coded_documents(document_id, codebook, key) SELECT id, ?, ? FROM (" + documents +
                     ")");
  mark.Bind(1, codebook.id).Bind(2, key);
  BindAll(mark, named, 3);
  mark.Run();
  transaction.Commit();
}

int64_t Store::Impl::PutCodebook(const Codebook& codebook, std::unordered_map<std::string, int64_t>& seen) {
  const int64_t book = LabelId(codebook.id, seen);
  sqlite::Statement& stored = Prepared("SELECT content_hash = ? AND file = ? FROM codebooks WHERE id = ?");
  stored.Bind(1, codebook.content_hash).Bind(2, codebook.file).Bind(3, codebook.id);
  const bool same = stored.Step() && stored.Int(0) == 1;
  stored.Reset();
  if (same) return book;
  Prepared("DELETE FROM codebooks WHERE id = ?").Bind(1, codebook.id).Run();  // its codes go with it
  Prepared("INSERT INTO codebooks(id, title, version, file, content_hash, yaml) VALUES (?, ?, ?, ?, ?, ?)")
      .Bind(1, codebook.id).Bind(2, codebook.title).Bind(3, codebook.version).Bind(4, codebook.file)
      .Bind(5, codebook.content_hash).Bind(6, codebook.yaml).Run();
  sqlite::Statement& code = Prepared(
      "INSERT INTO codes(codebook_id, code, position, category, label_nl, label_en, valence, colour) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  int64_t position = 0;
  for (const Code* c : codebook.Codes()) {
    code.Bind(1, codebook.id).Bind(2, c->id).Bind(3, position++).Bind(4, c->category).Bind(5, c->label_nl);
    code.Bind(6, c->label_en).Bind(7, ToString(c->valence)).Bind(8, c->colour).Run();
  }
  return book;
}

void Store::Impl::InsertRuleCodings(int64_t book, const std::vector<std::pair<int64_t, const Coding*>>& codings,
                                    std::unordered_map<std::string, int64_t>& seen) {
  // `codings` is a view over coding_rows (schema 9): a row holds numbers into coding_labels for its texts.
  // Rows go in kRows to a statement: one statement per row was most of the time `code` spends writing.
  constexpr size_t kRows = 32;
  auto insert_sql = [](size_t rows) {
    std::string sql =
        "INSERT INTO coding_rows(turn_id, code, negative, origin, begin, end, rules, valence_reason, codebook) VALUES ";
    for (size_t r = 0; r < rows; ++r) sql += r == 0 ? "(?, ?, ?, 0, ?, ?, ?, ?, ?)" : ", (?, ?, ?, 0, ?, ?, ?, ?, ?)";
    return sql;
  };
  std::string rules;
  for (size_t i = 0; i < codings.size();) {
    const bool whole = codings.size() - i >= kRows;
    sqlite::Statement& insert = Prepared(insert_sql(whole ? kRows : 1));
    for (size_t r = 0, rows = whole ? kRows : 1; r < rows; ++r, ++i) {
      const auto& [turn_id, c] = codings[i];
      rules.clear();
      for (const std::string& rule : c->rules) rules.append(rules.empty() ? "" : ",").append(rule);
      const int at = static_cast<int>(r * 8);
      insert.Bind(at + 1, turn_id).Bind(at + 2, LabelId(c->code, seen)).Bind(at + 3, int64_t{c->valence == '-'});
      insert.Bind(at + 4, int64_t{c->span.begin}).Bind(at + 5, int64_t{c->span.end});
      insert.Bind(at + 6, LabelId(rules, seen)).Bind(at + 7, LabelId(c->valence_reason, seen)).Bind(at + 8, book);
    }
    insert.Run();
  }
}

std::vector<std::string> Store::FilesNotCodedWith(const std::string& codebook_id, const std::string& key) const {
  sqlite::Statement s(impl_->db,
                      "SELECT file FROM documents d WHERE NOT EXISTS (SELECT 1 FROM coded_documents c "
                      "WHERE c.document_id = d.id AND c.codebook = ? AND c.key = ?) ORDER BY file");
  s.Bind(1, codebook_id).Bind(2, key);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  return out;
}

Store::RuleCodingCount Store::CountRuleCodings(const std::string& codebook_id, const TurnFilter& filter) const {
  // Two plain scans, joined here: SQLite joining each coding to its turn and document took three times as long
  // (0.09 s for the 75,000 codings of the 20 MB corpus, in ingest and again in code).
  std::vector<Value> values;
  sqlite::Statement turns(impl_->db, fmt::format(
      "SELECT t.id, d.year FROM turns t JOIN documents d ON d.id = t.document_id "
      "LEFT JOIN speakers s ON s.id = t.speaker_id WHERE 1{}", FilterSql(filter, values)));
  BindAll(turns, values);
  std::unordered_map<int64_t, int> year_of;
  while (turns.Step()) year_of.emplace(turns.Int(0), static_cast<int>(turns.Int(1)));
  sqlite::Statement codings(impl_->db,
                            "SELECT turn_id, code FROM coding_rows WHERE origin = 0 AND codebook = "
                            "(SELECT id FROM coding_labels WHERE text = ?)");
  codings.Bind(1, codebook_id);
  std::vector<std::pair<int64_t, int64_t>> coded;  // (code label, turn)
  RuleCodingCount out;
  out.turns = static_cast<int>(year_of.size());
  while (codings.Step()) {
    if (!year_of.contains(codings.Int(0))) continue;
    ++out.codings;
    coded.emplace_back(codings.Int(1), codings.Int(0));
  }
  std::sort(coded.begin(), coded.end());
  coded.erase(std::unique(coded.begin(), coded.end()), coded.end());
  sqlite::Statement label(impl_->db, "SELECT text FROM coding_labels WHERE id = ?");
  std::string code;
  for (auto it = coded.begin(); it != coded.end(); ++it) {
    if (it == coded.begin() || std::prev(it)->first != it->first) {
      label.Reset();
      code = label.Bind(1, it->first).Step() ? label.Text(0) : "";
    }
    ++out.coded_turns[{code, year_of.at(it->second)}];
  }
  return out;
}

int Store::CountDocuments() const {
  sqlite::Statement s(impl_->db, "SELECT count(*) FROM documents");
  return s.Step() ? static_cast<int>(s.Int(0)) : 0;
}

int64_t Store::Impl::LabelId(const std::string& text, std::unordered_map<std::string, int64_t>& seen) {
  auto [it, added] = seen.try_emplace(text, 0);
  if (added) {
    Prepared("INSERT OR IGNORE INTO coding_labels(text) VALUES (?)").Bind(1, text).Run();
    sqlite::Statement& id = Prepared("SELECT id FROM coding_labels WHERE text = ?");
    id.Bind(1, text);
    if (id.Step()) it->second = id.Int(0);
    id.Reset();
  }
  return it->second;
}

const char* ToString(ManualWork::Kind kind) {
  switch (kind) {
    case ManualWork::Kind::kCode: return "code";
    case ManualWork::Kind::kAccept: return "accept";
    case ManualWork::Kind::kReject: return "reject";
    case ManualWork::Kind::kSeen: return "seen";
    case ManualWork::Kind::kMemo: return "memo";
  }
  return "";
}

namespace {

ManualWork::Kind ParseKind(const std::string& kind) {
  for (auto k : {ManualWork::Kind::kCode, ManualWork::Kind::kAccept, ManualWork::Kind::kReject, ManualWork::Kind::kSeen,
                 ManualWork::Kind::kMemo}) {
    if (kind == ToString(k)) return k;
  }
  assert(false && "the schema's CHECK on manual.kind admits only these kinds");
  return ManualWork::Kind::kMemo;
}

bool IsCharBoundary(const std::string& text, uint32_t at) {
  return at == text.size() || (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

}  // namespace

int64_t Store::AddManual(const ManualWork& work) {
  using Kind = ManualWork::Kind;
  const std::string where = work.file + (work.turn ? fmt::format(" turn {}", *work.turn) : "");
  if (work.coder.empty()) throw Error({}, "a coder name is needed", "give --coder NAME");
  if (work.coder == "auto") throw Error({}, "'auto' is the name of the rules", "give your own name with --coder");
  bool on_turn = work.kind == Kind::kCode || work.kind == Kind::kAccept || work.kind == Kind::kReject;
  if (on_turn && (!work.turn || work.code.empty())) throw Error({where}, "a coding or review needs a turn and a code");
  if (work.kind == Kind::kMemo && work.memo.empty()) throw Error({where}, "the memo is empty");
  if (work.file.empty() && !(work.kind == Kind::kMemo && !work.code.empty())) {
    throw Error({}, "no document given");
  }
  sqlite::Transaction transaction(impl_->db);
  std::optional<int64_t> turn_id;
  std::string turn_text;
  Span span;
  if (!work.file.empty()) {
    sqlite::Statement& document = impl_->Prepared("SELECT id FROM documents WHERE file = ?");
    if (!document.Bind(1, work.file).Step()) {
      throw Error({work.file}, "no such document in the database",
                  "give the file name as `kansrijk export turns --no-pseudonymise` shows it (relative to the corpus)");
    }
    int64_t document_id = document.Int(0);
    document.Reset();
    if (work.turn) {
      sqlite::Statement& turn = impl_->Prepared("SELECT id, text FROM turns WHERE document_id = ? AND number = ?");
      if (!turn.Bind(1, document_id).Bind(2, int64_t{*work.turn}).Step()) {
        throw Error({where}, "no such turn", "turns are numbered from 1; `kansrijk export turns --no-pseudonymise` lists them");
      }
      turn_id = turn.Int(0);
      turn_text = turn.Text(1);
      turn.Reset();
      span = work.span.value_or(Span{0, static_cast<uint32_t>(turn_text.size())});
      if (span.begin > span.end || span.end > turn_text.size() || !IsCharBoundary(turn_text, span.begin) ||
          !IsCharBoundary(turn_text, span.end) || (work.kind == Kind::kCode && span.empty())) {
        throw Error({where}, fmt::format("the span {}:{} does not lie within the turn's text", span.begin, span.end),
                    "give START:END with START < END within the turn");
      }
    }
  }
  if ((work.kind == Kind::kAccept || work.kind == Kind::kReject) && turn_id) {
    sqlite::Statement& rule =
        impl_->Prepared("SELECT 1 FROM codings WHERE turn_id = ? AND code = ? AND origin IN ('rule', 'model')");
    bool coded = rule.Bind(1, *turn_id).Bind(2, work.code).Step();
    rule.Reset();
    if (!coded) {
      throw Error({work.file}, fmt::format("neither the rules nor a model coded turn {} with {}: nothing to review", *work.turn,
                                           work.code),
                  "to add a code the rules missed, use `kansrijk coding add`");
    }
  }
  // One coding per coder, code and span; one review per coder, code and turn; one memo per coder and thing.
  std::string same = "coder = ?1 AND coalesce(file, '') = ?2 AND turn_id IS ?3 AND coalesce(code, '') = ?4";
  std::string kinds = work.kind == Kind::kAccept || work.kind == Kind::kReject ? "kind IN ('accept', 'reject')"
                                                                               : "kind = ?5";
  if (work.kind == Kind::kCode) same += " AND begin = ?6 AND end = ?7";
  sqlite::Statement existing(impl_->db, "SELECT id FROM manual WHERE " + kinds + " AND " + same);
  existing.Bind(1, work.coder).Bind(2, work.file).Bind(3, turn_id).Bind(4, work.code);
  if (!(work.kind == Kind::kAccept || work.kind == Kind::kReject)) existing.Bind(5, ToString(work.kind));
  if (work.kind == Kind::kCode) existing.Bind(6, int64_t{span.begin}).Bind(7, int64_t{span.end});
  std::optional<int64_t> id;
  if (existing.Step()) id = existing.Int(0);
  existing.Reset();
  if (id) {
    sqlite::Statement& update = impl_->Prepared("UPDATE manual SET kind = ?, valence = ?, memo = ? WHERE id = ?");
    update.Bind(1, ToString(work.kind)).Bind(3, work.memo).Bind(4, *id);
    if (work.kind == Kind::kCode) update.Bind(2, std::string(1, work.valence));
    else update.BindNull(2);
    update.Run();
  } else {
    sqlite::Statement& insert = impl_->Prepared(
        "INSERT INTO manual(kind, coder, file, turn_number, turn_id, turn_text, begin, end, span_text, code, valence, "
        "memo) VALUES (?1, ?2, nullif(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, ''), ?11, ?12)");
    insert.Bind(1, ToString(work.kind)).Bind(2, work.coder).Bind(3, work.file);
    insert.Bind(4, work.turn ? std::optional<int64_t>(*work.turn) : std::nullopt).Bind(5, turn_id);
    if (turn_id) {
      insert.Bind(6, turn_text).Bind(7, int64_t{span.begin}).Bind(8, int64_t{span.end});
      insert.Bind(9, std::string_view(turn_text).substr(span.begin, span.size()));
    }
    insert.Bind(10, work.code);
    if (work.kind == Kind::kCode) insert.Bind(11, std::string(1, work.valence));
    insert.Bind(12, work.memo).Run();
    id = sqlite3_last_insert_rowid(impl_->db);
  }
  transaction.Commit();
  return *id;
}

int Store::RemoveManual(const ManualWork& work) {
  std::string sql =
      "DELETE FROM manual WHERE kind = ?1 AND coder = ?2 AND coalesce(file, '') = ?3 AND coalesce(code, '') = ?4 "
      "AND turn_number IS ?5 AND (turn_id IS NOT NULL OR turn_number IS NULL)";
  if (work.span) sql += " AND begin = ?6 AND end = ?7";
  sqlite::Statement remove(impl_->db, sql);
  remove.Bind(1, ToString(work.kind)).Bind(2, work.coder).Bind(3, work.file).Bind(4, work.code);
  remove.Bind(5, work.turn ? std::optional<int64_t>(*work.turn) : std::nullopt);
  if (work.span) remove.Bind(6, int64_t{work.span->begin}).Bind(7, int64_t{work.span->end});
  remove.Run();
  return sqlite3_changes(impl_->db);
}

bool Store::RemoveManualById(int64_t id) {
  impl_->Prepared("DELETE FROM manual WHERE id = ?").Bind(1, id).Run();
  return sqlite3_changes(impl_->db) > 0;
}

std::vector<ManualWork> Store::ManualWorkList(const ManualFilter& filter) const {
  sqlite::Statement s(impl_->db,
                      "SELECT id, kind, coder, created, coalesce(file, ''), turn_number, begin, end, coalesce(code, ''), "
                      "coalesce(valence, '+'), memo, coalesce(span_text, ''), coalesce(orphaned, '') FROM manual "
                      "WHERE (?1 = '' OR coder = ?1) AND (?2 = 0 OR orphaned IS NOT NULL) AND (?3 = '' OR file = ?3) "
                      "ORDER BY coalesce(file, ''), turn_number, begin, id");
  s.Bind(1, filter.coder).Bind(2, int64_t{filter.orphaned}).Bind(3, filter.file);
  std::vector<ManualWork> out;
  while (s.Step()) {
    ManualWork w;
    w.id = s.Int(0);
    w.kind = ParseKind(s.Text(1));
    w.coder = s.Text(2);
    w.created = s.Text(3);
    w.file = s.Text(4);
    if (!s.IsNull(5)) w.turn = static_cast<int>(s.Int(5));
    if (!s.IsNull(6)) w.span = Span{static_cast<uint32_t>(s.Int(6)), static_cast<uint32_t>(s.Int(7))};
    w.code = s.Text(8);
    w.valence = s.Text(9)[0];
    w.memo = s.Text(10);
    w.span_text = s.Text(11);
    w.orphaned = s.Text(12);
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> Store::Coders() const {
  sqlite::Statement& s = impl_->Prepared("SELECT DISTINCT coder FROM manual ORDER BY coder");
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  return out;
}

std::vector<CodingRow> Store::Codings(const TurnFilter& filter, const CodingView& view) const {
  const bool as_made = view.coder == "auto" || view.coder == CodingView::kWithModel;  // no researcher's work
  const bool one_coder = !view.coder.empty() && !as_made;
  const std::string by_coder = one_coder ? " AND m.coder = ?" : "";
  std::vector<CodingRow> out;
  std::string columns = kTurnColumns;
  if (!view.turn_text) columns.replace(columns.find("t.text"), 6, "''");
  // `coders`: how many times the coder's name is bound before the filter's values.
  auto read = [&](const std::string& sql, int coders) {
    std::vector<Value> values(one_coder ? coders : 0, Value{view.coder});
    std::string where = FilterSql(filter, values);
    sqlite::Statement s(impl_->db, fmt::format(fmt::runtime(sql), columns, where));
    BindAll(s, values);
    while (s.Step()) {
      CodingRow row;
      row.turn = ReadTurnRow(s);
      row.code = s.Text(11);
      row.valence = s.Text(12).empty() ? '+' : s.Text(12)[0];
      row.origin = s.Text(13);
      row.coder = s.Text(14);
      row.span = {static_cast<uint32_t>(s.Int(15)), static_cast<uint32_t>(s.Int(16))};
      row.rules = s.Text(17);
      row.valence_reason = s.Text(18);
      row.codebook_id = s.Text(19);
      row.codebook_hash = s.Text(20);
      row.id = s.Int(21);
      row.status = s.Text(22);
      row.memo = s.Text(23);
      // A suggestion counts once accepted; unreviewed, it is listed for review only (or as made, auto+model).
      bool listed = row.origin != "model" || as_made || row.status == "accepted" ||
                    (row.status.empty() && view.with_suggestions) || (row.status == "rejected" && view.with_rejected);
      if ((row.status != "rejected" || view.with_rejected) && listed) out.push_back(std::move(row));
    }
  };
  // Rule codings, with the view's review and its memos on them. Filter values bind as ?1, ?2, ...
  std::string review = "EXISTS (SELECT 1 FROM manual m WHERE m.turn_id = c.turn_id AND m.code = c.code AND m.kind = ";
  std::string status = as_made ? "''"
                       : "CASE WHEN " + review + "'reject'" + by_coder + ") THEN 'rejected' WHEN " + review +
                             "'accept'" + by_coder + ") THEN 'accepted' ELSE '' END";
  std::string memo = as_made ? "''"
                     : "coalesce((SELECT group_concat(m.memo, ' | ') FROM manual m WHERE m.turn_id = c.turn_id AND "
                       "m.code = c.code AND m.kind IN ('accept', 'reject', 'memo') AND m.memo <> ''" + by_coder + "), '')";
  read("SELECT {0}, c.code, c.valence, c.origin, c.coder, c.begin, c.end, c.rules, c.valence_reason, "
       "coalesce(c.codebook_id, ''), coalesce(c.codebook_hash, ''), c.id, " + status + ", " + memo +
       " FROM codings c JOIN turns t ON t.id = c.turn_id JOIN documents d ON d.id = t.document_id "
       "LEFT JOIN speakers s ON s.id = t.speaker_id WHERE " + (view.coder == "auto" ? "c.origin <> 'model'" : "1") + "{1}",
       3);
  if (!as_made) {
    read("SELECT {0}, m.code, m.valence, 'manual', m.coder, m.begin, m.end, '', '', '', '', m.id, '', m.memo "
         "FROM manual m JOIN turns t ON t.id = m.turn_id JOIN documents d ON d.id = t.document_id "
         "LEFT JOIN speakers s ON s.id = t.speaker_id WHERE m.kind = 'code'" + by_coder + "{1}", 1);
  }
  // In (year, file, turn, begin, code, origin, coder, end) order, then by id. The rows are large and a report
  // reads hundreds of thousands: their positions are sorted, with each document's (year, file) ranked once, and
  // then each row is moved once.
  std::map<std::pair<int, std::string>, int> documents;
  for (const CodingRow& c : out) documents.try_emplace({c.turn.year, c.turn.file}, 0);
  int rank = 0;
  for (auto& [unused, r] : documents) r = rank++;
  std::vector<int> document(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    document[i] = i > 0 && out[i].turn.id == out[i - 1].turn.id ? document[i - 1]
                                                                 : documents[{out[i].turn.year, out[i].turn.file}];
  }
  auto key = [&](size_t i) {
    const CodingRow& c = out[i];
    return std::tie(document[i], c.turn.number, c.span.begin, c.code, c.origin, c.coder, c.span.end, c.id);
  };
  std::vector<size_t> order(out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  // Row j of the result is out[order[j]]: placed by following the permutation's cycles, one row held aside at a
  // time (a second vector of rows would double the report's peak memory).
  for (size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    CodingRow held = std::move(out[start]);
    size_t j = start;
    while (order[j] != start) {
      const size_t from = order[j];
      out[j] = std::move(out[from]);
      order[j] = j;
      j = from;
    }
    out[j] = std::move(held);
    order[j] = j;
  }
  return out;
}

std::optional<Store::CodebookSource> Store::CodebookText() const {
  sqlite::Statement& read = impl_->Prepared(
      "SELECT file, yaml FROM codebooks b WHERE yaml != '' "
      "ORDER BY (SELECT max(id) FROM codings c WHERE c.codebook_id = b.id) DESC NULLS LAST, id LIMIT 1");
  std::optional<CodebookSource> source;
  if (read.Step()) source = CodebookSource{read.Text(0), read.Text(1)};
  read.Reset();
  return source;
}

std::vector<StoredCode> Store::Codes() const {
  sqlite::Statement& s = impl_->Prepared(
      "SELECT codebook_id, code, category, label_nl, label_en, valence, colour FROM codes ORDER BY codebook_id, position");
  std::vector<StoredCode> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
  return out;
}

std::map<int64_t, std::vector<Span>> Store::Sentences() const {
  sqlite::Statement& s = impl_->Prepared("SELECT turn_id, begin, end FROM sentences ORDER BY turn_id, number");
  std::map<int64_t, std::vector<Span>> out;
  while (s.Step()) out[s.Int(0)].push_back({static_cast<uint32_t>(s.Int(1)), static_cast<uint32_t>(s.Int(2))});
  return out;
}

std::map<std::string, std::map<std::string, std::string>> Store::DocumentVariables() const {
  std::map<std::string, std::map<std::string, std::string>> out;
  sqlite::Statement& d = impl_->Prepared("SELECT file, year, type FROM documents");
  while (d.Step()) out[d.Text(0)] = {{"year", std::to_string(d.Int(1))}, {"type", d.Text(2)}};
  sqlite::Statement& v = impl_->Prepared(
      "SELECT d.file, v.name, v.value FROM variables v JOIN documents d ON d.id = v.document_id");
  while (v.Step()) out[v.Text(0)][v.Text(1)] = v.Text(2);
  return out;
}

void Store::Atomically(const std::function<void()>& work) {
  sqlite::Transaction transaction(impl_->db);
  work();
  transaction.Commit();
}

void Store::CheckIndex() const {
  sqlite::Exec(impl_->db, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
}

}  // namespace kansrijk
