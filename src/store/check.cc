#include "store/check.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/error.h"
#include "store/store_internal.h"

namespace kansrijk {

namespace store_internal {

std::string TextHash(const std::vector<std::string_view>& turn_texts) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  for (std::string_view text : turn_texts) {
    XXH3_128bits_update(state, text.data(), text.size());
    XXH3_128bits_update(state, "", 1);
  }
  XXH128_hash_t hash = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

namespace {

// Each document's id, file, stored text hash and the hash of its turns as they are now.
struct DocumentHash {
  int64_t id = 0;
  std::string file, stored, actual, fingerprint;
};
std::vector<DocumentHash> DocumentHashes(sqlite3* db) {
  std::vector<DocumentHash> out;
  sqlite::Statement documents(db, "SELECT id, file, text_hash, fingerprint FROM documents ORDER BY file");
  sqlite::Statement turns(db, "SELECT text FROM turns WHERE document_id = ? ORDER BY number");
  while (documents.Step()) {
    std::vector<std::string> texts;
    for (turns.Bind(1, documents.Int(0)); turns.Step();) texts.push_back(turns.Text(0));
    turns.Reset();
    out.push_back({documents.Int(0), documents.Text(1), documents.Text(2),
                   TextHash(std::vector<std::string_view>(texts.begin(), texts.end())), documents.Text(3)});
  }
  return out;
}

}  // namespace

void FillTextHashes(sqlite3* db) {
  sqlite::Transaction transaction(db);
  sqlite::Statement set(db, "UPDATE documents SET text_hash = ? WHERE id = ?");
  for (const DocumentHash& d : DocumentHashes(db)) {
    if (d.stored.empty()) set.Bind(1, d.actual).Bind(2, d.id).Run();
  }
  transaction.Commit();
}

}  // namespace store_internal

using namespace store_internal;

std::string StoreProblem::ToString() const {
  return fmt::format("{}: {} (what to do: {})", where, what, way_out);
}

namespace {

constexpr const char* kReingest = "run `kansrijk check --repair`, then `kansrijk ingest CORPUS` to read it again";
constexpr const char* kRecode = "run `kansrijk code --all`: it makes every rule coding anew";

// The derived tables with a document or turn as parent: rows of them whose parent is gone are removed by a repair
// (ingest and code make them again). The researcher's work (manual) is never among them.
const std::set<std::string>& DerivedTables() {
  static const std::set<std::string> tables = {"variables", "document_warnings", "speakers", "turns",
                                               "sentences", "annotations",       "coding_rows",  "codes"};
  return tables;
}

class Checker {
 public:
  Checker(sqlite3* db, const std::string& name) : db_(db), name_(name) {}

  std::vector<StoreProblem> Run() {
    problems_.clear();
    documents_.clear();
    Guard("database", [&] { Integrity(); });
    if (!damaged_) {
      Guard("database", [&] { ForeignKeys(); });
      Guard("turn index", [&] { Index(); });
      Guard("documents", [&] { Documents(); });
      Guard("codings", [&] { Codings(); });
      Guard("manual", [&] { Manual(); });
    }
    return problems_;
  }

  // Takes the repairable way outs of the last Run(), in one transaction.
  void Repair() {
    sqlite::Transaction transaction(db_);
    for (const auto& [table, parent] : dangling_) {  // by the foreign key's columns: some have no rowid
      sqlite::Statement keys(db_, fmt::format("SELECT \"from\", \"to\" FROM pragma_foreign_key_list('{}') "
                                              "WHERE \"table\" = ?", table));
      for (keys.Bind(1, parent); keys.Step();) {
        sqlite::Exec(db_, fmt::format("DELETE FROM {0} WHERE {1} IS NOT NULL AND {1} NOT IN (SELECT {3} FROM {2})",
                                      table, keys.Text(0), parent, keys.Text(1)));
      }
    }
    sqlite::Statement unplace(db_,
                              "UPDATE manual SET turn_id = NULL, orphaned = 'not on its turn any more (kansrijk check); "
                              "the next ingest places it again' WHERE id = ?");
    for (int64_t id : unplace_) unplace.Bind(1, id).Run();
    // An empty fingerprint never matches a file's: the next ingest reads the document again and places its work.
    sqlite::Statement reread(db_, "UPDATE documents SET fingerprint = '' WHERE file = ?");
    for (const std::string& file : reread_) reread.Bind(1, file).Run();
    if (rebuild_index_) sqlite::Exec(db_, "INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')");
    transaction.Commit();
  }

  // The way out for a damaged file (also for one too damaged to open).
  std::string Restore() const {
    return fmt::format("the file is damaged: restore {0} from a backup, or save what can be read with `sqlite3 {0} "
                       ".recover | sqlite3 recovered.db` and check recovered.db",
                       name_);
  }

 private:
  void Add(std::string where, std::string what, std::string way_out, bool repairable = false) {
    problems_.push_back({std::move(where), std::move(what), std::move(way_out), repairable});
  }

  // A check that cannot even run (the file is too damaged for its query) is a problem too.
  void Guard(const std::string& where, const std::function<void()>& check) {
    try {
      check();
    } catch (const Error& error) {
      damaged_ = true;
      Add(where, error.message(), Restore());
    }
  }


  void Integrity() {
    sqlite::Statement s(db_, "PRAGMA integrity_check(100)");
    while (s.Step()) {
      if (s.Text(0) == "ok") continue;
      damaged_ = true;
      Add("database", "SQLite integrity check: " + s.Text(0), Restore());
    }
  }

  void ForeignKeys() {
    std::map<std::pair<std::string, std::string>, int> dangling;  // (table, parent) → rows
    sqlite::Statement s(db_, "PRAGMA foreign_key_check");
    while (s.Step()) {
      const std::string table = s.Text(0), parent = s.Text(2);
      ++dangling[{table, parent}];
      if (table == "manual") {  // turn_id; the work keeps its anchor text
        sqlite::Statement m(db_, "SELECT file FROM manual WHERE rowid = ?");
        m.Bind(1, s.Int(1));
        Unplace(s.Int(1), m.Step() ? m.Text(0) : "");
      }
    }
    for (const auto& [key, rows] : dangling) {
      const auto& [table, parent] = key;
      const std::string what = fmt::format("{} row(s) point at a row of {} that does not exist", rows, parent);
      if (table == "manual") {
        Add("manual", what + " (work placed on a lost turn)",
            "run `kansrijk check --repair`: the work is kept and the next `kansrijk ingest CORPUS` places it again "
            "by its text",
            true);
      } else if (DerivedTables().contains(table)) {
        dangling_.push_back(key);
        // coding_rows is what the view `codings` reads (schema 9): named as the user knows it.
        Add(table == "coding_rows" ? "codings" : table, what,
            table == "coding_rows" ? std::string(kRecode)
                               : "run `kansrijk check --repair` to remove them (ingest and code make them again)",
            true);
      } else {
        Add(table, what, Restore());
      }
    }
  }

  void Index() {
    try {
      sqlite::Exec(db_, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const Error& error) {
      rebuild_index_ = true;
      Add("turn index", "the full-text index does not match the turns (" + error.message() + ")",
          "run `kansrijk check --repair`: it rebuilds the index from the turns", true);
    }
  }

  void Documents() {
    sqlite::Statement marked(db_, "SELECT file FROM documents WHERE fingerprint = '' ORDER BY file");
    while (marked.Step()) Reread(marked.Text(0), "marked to be read again (by `kansrijk check --repair`)");
    for (const DocumentHash& d : DocumentHashes(db_)) {
      if (d.stored != d.actual) {
        Reread(d.file, "its turns are not the text ingest stored (a turn changed or lost)");
      }
    }
    sqlite::Statement numbers(db_, R"sql(
      SELECT d.file, count(t.id), coalesce(min(t.number), 1), coalesce(max(t.number), 0)
      FROM documents d LEFT JOIN turns t ON t.document_id = d.id GROUP BY d.id
      HAVING count(t.id) != coalesce(max(t.number), 0) OR coalesce(min(t.number), 1) != 1 ORDER BY d.file)sql");
    while (numbers.Step()) {
      Reread(numbers.Text(0), fmt::format("its {} turns are not numbered 1 to {} (they run {} to {})", numbers.Int(1),
                                          numbers.Int(1), numbers.Int(2), numbers.Int(3)));
    }
    sqlite::Statement spans(db_, R"sql(
      SELECT d.file, t.number, 'a sentence' FROM sentences x JOIN turns t ON t.id = x.turn_id
        JOIN documents d ON d.id = t.document_id WHERE x.begin < 0 OR x.begin > x.end OR x.end > length(CAST(t.text AS BLOB))
      UNION ALL
      SELECT d.file, t.number, 'an annotation' FROM annotations x JOIN turns t ON t.id = x.turn_id
        JOIN documents d ON d.id = t.document_id WHERE x.begin < 0 OR x.begin > x.end OR x.end > length(CAST(t.text AS BLOB))
      UNION ALL
      SELECT d.file, t.number, 'a speaker of another document' FROM turns t JOIN speakers s ON s.id = t.speaker_id
        JOIN documents d ON d.id = t.document_id WHERE s.document_id != t.document_id)sql");
    while (spans.Step()) {
      Reread(spans.Text(0), fmt::format("turn {} has {} outside its text", spans.Int(1), spans.Text(2)));
    }
  }

  void Codings() {
    sqlite::Statement s(db_, R"sql(
      SELECT c.id, d.file, t.number, c.code,
             CASE WHEN c.begin < 0 OR c.begin >= c.end OR c.end > length(CAST(t.text AS BLOB)) THEN 'its span lies outside the turn'
                  ELSE 'its code is not in its codebook' END
      FROM codings c JOIN turns t ON t.id = c.turn_id JOIN documents d ON d.id = t.document_id
      WHERE c.begin < 0 OR c.begin >= c.end OR c.end > length(CAST(t.text AS BLOB))
         OR (c.origin = 'rule' AND NOT EXISTS (SELECT 1 FROM codes k WHERE k.codebook_id = c.codebook_id AND k.code = c.code))
      ORDER BY c.id)sql");
    while (s.Step()) {
      Add(fmt::format("coding #{} ({} turn {}, {})", s.Int(0), s.Text(1), s.Int(2), s.Text(3)), s.Text(4), kRecode);
    }
  }

  void Manual() {
    // Placed: on a turn of its file and number that holds the text it was made on, its span within that text.
    sqlite::Statement placed(db_, R"sql(
      SELECT m.id, m.kind, m.coder, coalesce(m.file, ''), coalesce(m.turn_number, 0),
             CASE WHEN m.orphaned IS NOT NULL THEN 'is placed and orphaned at once'
                  WHEN d.file IS NOT m.file OR t.number IS NOT m.turn_number THEN 'is placed on another turn than it names'
                  WHEN t.text IS NOT m.turn_text THEN 'is placed on a turn whose text is not the text it was made on'
                  ELSE 'its span is not the text it was made on' END
      FROM manual m JOIN turns t ON t.id = m.turn_id JOIN documents d ON d.id = t.document_id
      WHERE m.orphaned IS NOT NULL OR d.file IS NOT m.file OR t.number IS NOT m.turn_number OR t.text IS NOT m.turn_text
         OR (m.begin IS NOT NULL AND (m.begin < 0 OR m.begin > m.end OR m.end > length(CAST(t.text AS BLOB))
             OR CAST(substr(CAST(m.turn_text AS BLOB), m.begin + 1, m.end - m.begin) AS TEXT) IS NOT m.span_text))
      ORDER BY m.id)sql");
    while (placed.Step()) {
      Unplace(placed.Int(0), placed.Text(3));
      Add(fmt::format("{} {} by {} ({} turn {}, manual #{})", placed.Text(1), "work", placed.Text(2), placed.Text(3),
                      placed.Int(4), placed.Int(0)),
          placed.Text(5),
          "run `kansrijk check --repair`: the work is kept and the next `kansrijk ingest CORPUS` places it again "
          "by its text",
          true);
    }
    // Neither placed nor orphaned: work on a turn that has no turn and no reason.
    sqlite::Statement lost(db_, R"sql(
      SELECT m.id, m.kind, m.coder, coalesce(m.file, '') FROM manual m
      WHERE m.turn_id IS NULL AND m.orphaned IS NULL AND m.turn_number IS NOT NULL ORDER BY m.id)sql");
    while (lost.Step()) {
      Unplace(lost.Int(0), lost.Text(3));
      Add(fmt::format("{} work by {} ({}, manual #{})", lost.Text(1), lost.Text(2), lost.Text(3), lost.Int(0)),
          "is neither placed on a turn nor orphaned",
          "run `kansrijk check --repair`: the work is kept and the next `kansrijk ingest CORPUS` places it again "
          "by its text",
          true);
    }
    sqlite::Statement nowhere(db_, R"sql(
      SELECT m.id, m.kind, m.coder FROM manual m
      WHERE (m.file IS NULL AND NOT (m.kind = 'memo' AND m.code IS NOT NULL))
         OR (m.kind IN ('code', 'accept', 'reject') AND (m.turn_number IS NULL OR m.code IS NULL)) ORDER BY m.id)sql");
    while (nowhere.Step()) {
      Add(fmt::format("{} work by {} (manual #{})", nowhere.Text(1), nowhere.Text(2), nowhere.Int(0)),
          "names no document, turn or code to be on",
          fmt::format("look at it with `kansrijk coding list`; remove it with `kansrijk coding remove --id {}` if it "
                      "is of no use", nowhere.Int(0)));
    }
  }

  void Unplace(int64_t id, const std::string& file) {
    unplace_.push_back(id);
    if (!file.empty()) reread_.insert(file);
  }
  // One problem per document, its findings joined. A document a repair marked (empty fingerprint) is read again
  // by the next ingest, which is then the way out.
  void Reread(const std::string& file, const std::string& what) {
    auto known = documents_.find(file);
    if (known != documents_.end()) {
      std::string& said = problems_[known->second].what;
      if (said.find(what) == std::string::npos) said += "; " + what;
      return;
    }
    documents_[file] = problems_.size();
    sqlite::Statement marked(db_, "SELECT 1 FROM documents WHERE file = ? AND fingerprint = ''");
    if (marked.Bind(1, file).Step()) {
      Add("document " + file, what, "run `kansrijk ingest CORPUS`: it reads the document again");
      return;
    }
    reread_.insert(file);
    Add("document " + file, what, kReingest, true);
  }

  sqlite3* db_;
  std::string name_;
  std::vector<StoreProblem> problems_;
  std::map<std::string, size_t> documents_;  // file → its problem in problems_
  bool damaged_ = false;
  // What a repair does.
  std::vector<std::pair<std::string, std::string>> dangling_;  // (table, parent)
  std::vector<int64_t> unplace_;
  std::set<std::string> reread_;
  bool rebuild_index_ = false;
};

}  // namespace

std::vector<StoreProblem> CheckDatabase(const std::filesystem::path& file, const CheckOptions& options) {
  std::optional<Store> store;
  try {
    store = Store::Open(file, {.must_exist = true});
  } catch (const Error& error) {
    if (!std::filesystem::exists(file)) throw;
    // Too damaged to open: that is the problem to report, with the way out.
    return {{"database", error.message(), Checker(nullptr, file.string()).Restore()}};
  }
  return CheckStore(*store, options);
}

std::vector<StoreProblem> CheckStore(Store& store, const CheckOptions& options) {
  Checker checker(store.impl_->db, store.File().string());
  std::vector<StoreProblem> problems = checker.Run();
  bool repairable = std::any_of(problems.begin(), problems.end(), [](const StoreProblem& p) { return p.repairable; });
  if (!options.repair || !repairable) return problems;
  checker.Repair();
  return Checker(store.impl_->db, store.File().string()).Run();
}

}  // namespace kansrijk
