// The SQLite database: documents, their variables, speakers, turns, sentences and annotations, and a
// full-text index over the turns. The schema is in store/schema.cc and docs/schema.md.
//
//   Store store = Store::Open("kansrijk.db");        // creates or migrates; file mode 0600
//   store.PutDocument(record);                        // one transaction: all of the document or none
//   for (const TurnMatch& m : store.Match("\"te weinig geld\"", {})) ...
//
// Only this folder talks to SQLite. Every method throws Error on a database problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/span.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "ingest/corpus.h"
#include "ingest/transcript.h"
#include "segment/segment.h"

namespace kansrijk {

struct StoreOptions {
  std::filesystem::path dictionary = "/usr/share/hunspell/nl";  // hunspell-nl, for compound parts in search
  bool must_exist = false;  // refuse to create a new database (for commands that only read)
};

// What ingest hands to the store for one document.
struct DocumentRecord {
  const SourceFile& source;
  const Transcript& transcript;
  const std::vector<SegmentedTurn>& segments;  // one per transcript turn
  std::string content_hash;  // of the file's bytes
  std::string fingerprint;   // of the bytes, metadata and parser version: unchanged means nothing to do
  uint64_t bytes = 0;
};

struct StoredDocument {
  int64_t id = 0;
  std::string file;
  int year = 0;
  std::string type;
  std::string format;
  std::string encoding;
  std::string fingerprint;
  int turns = 0;
  int speakers = 0;
  int respondent_words = 0;
};

struct TurnFilter {
  enum class Speakers { kAll, kRespondent, kInterviewer };
  std::vector<int> years;           // empty: every year
  std::vector<std::string> types;   // interview, focusgroep
  std::vector<std::string> roles;   // the document variable "role", case-insensitive
  Speakers speakers = Speakers::kAll;
};

struct TurnRow {
  int64_t id = 0;
  std::string file;
  int year = 0;
  std::string type;
  int number = 0;
  std::string speaker;
  bool is_interviewer = false;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::string text;  // original turn text
  int words = 0;     // outside annotations
};

struct TurnMatch {
  TurnRow turn;
  std::vector<Span> matches;  // bytes of turn.text that the query matched
};

// A stored coding with its turn, for export and reports.
struct CodingRow {
  TurnRow turn;
  std::string code;
  char valence = '+';
  std::string origin;  // rule or manual
  std::string coder;   // auto, or a person
  Span span;           // bytes of turn.text
  std::string rules;   // comma-separated rule ids
  std::string valence_reason;
  std::string codebook_id;
  std::string codebook_hash;
};

// A code as recorded with the codings (the codebook's order, labels and colour).
struct StoredCode {
  std::string codebook_id;
  std::string code;
  std::string category;
  std::string label_nl, label_en;
  std::string valence;  // facilitator, barrier, neutral
  std::string colour;
};

struct CorpusStats {
  int year = 0;
  std::string type;
  int documents = 0;
  int turns = 0;
  int respondent_turns = 0;
  int64_t respondent_words = 0;
  int64_t interviewer_words = 0;
};

class Store {
 public:
  // Creates the database (not readable by group or others) or migrates it to the current schema.
  // Throws Error if the file is not a kansrijk database or was written by a newer version.
  static Store Open(const std::filesystem::path& file, const StoreOptions& options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The corpus folder this database was filled from (set by the first ingest).
  std::optional<std::string> CorpusRoot() const;
  void SetCorpusRoot(const std::string& root);

  std::vector<StoredDocument> Documents() const;  // sorted by file
  // Inserts the document or replaces the stored one with the same file name, in one transaction.
  void PutDocument(const DocumentRecord& record);
  void RemoveDocument(const std::string& file);

  // Records one ingest run (the audit trail in the runs table).
  void RecordRun(const std::string& corpus, int added, int updated, int unchanged, int removed, int failed);

  std::vector<TurnRow> Turns(const TurnFilter& filter) const;  // by year, file, turn
  std::optional<TurnRow> FindTurn(const std::string& file, int number) const;
  // Turns matching an FTS5 query (phrases, prefix*, NEAR, AND/OR/NOT), in document order, with the matched
  // spans. Throws Error with SQLite's explanation when the query is malformed.
  std::vector<TurnMatch> Match(const std::string& query, const TurnFilter& filter, int limit = -1) const;
  std::vector<CorpusStats> Stats() const;  // by year, type

  // Replaces the rule codings made with a codebook of the same id by `codings` (turn id, coding), in one
  // transaction, and records the codebook's codes. Manual codings are never touched.
  void ReplaceRuleCodings(const Codebook& codebook, const std::vector<std::pair<int64_t, Coding>>& codings);
  // A researcher's own coding of a turn (`span` in bytes of the turn's text).
  void AddManualCoding(int64_t turn_id, const std::string& code, char valence, Span span, const std::string& coder,
                       const std::string& memo = "");
  std::vector<CodingRow> Codings(const TurnFilter& filter) const;  // by year, file, turn, begin, code
  std::vector<StoredCode> Codes() const;  // by codebook, then position
  // Sentence spans (bytes of the turn's text) of every turn, by turn id.
  std::map<int64_t, std::vector<Span>> Sentences() const;
  // Document variables (manifest columns) by file, plus "year" and "type".
  std::map<std::string, std::map<std::string, std::string>> DocumentVariables() const;

  // FTS5's own integrity check of the index against the turns; throws Error if they disagree.
  void CheckIndex() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kansrijk
