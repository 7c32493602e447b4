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
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/span.h"
#include "code/codebook.h"

namespace kansrijk {

// Declared by the stages before the store: it only stores what they hand on.
struct Codebook;       // code/codebook.h
struct Coding;         // code/coder.h
struct SegmentedTurn;  // segment/segment.h
struct SourceFile;     // ingest/corpus.h
struct Transcript;     // ingest/transcript.h
struct CheckOptions;   // store/check.h
struct StoreProblem;   // store/check.h
class Morphology;      // normalize/morphology.h

struct StoreOptions {
  std::filesystem::path dictionary = "/usr/share/hunspell/nl";  // hunspell-nl, for compound parts in search
  bool must_exist = false;  // refuse to create a new database (for commands that only read)
};

// Rule codings made while ingesting (`ingest --codebook`): stored with their document, in its transaction.
struct DocumentCodings {
  const Codebook& codebook;
  std::string key;                         // pipeline/code.h CodingKey: what else the codings were made with
  std::vector<std::vector<Coding>> turns;  // one per transcript turn (empty for a turn not coded)
};

// What ingest hands to the store for one document.
struct DocumentRecord {
  const SourceFile& source;
  const Transcript& transcript;
  const std::vector<SegmentedTurn>& segments;  // one per transcript turn: the search index takes their words
  std::string content_hash;  // of the file's bytes
  std::string fingerprint;   // of the bytes, metadata and parser version: unchanged means nothing to do
  uint64_t bytes = 0;
  const DocumentCodings* codings = nullptr;  // none: the document waits for `code` (its old codings go with it)
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
  std::vector<std::string> files;   // documents (as stored); empty: every document
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

// A stored coding with its turn, for export and reports: a rule coding, or a researcher's manual coding.
struct CodingRow {
  int64_t id = 0;      // codings.id (rule) or manual.id (manual)
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
  std::string status;  // rule codings: accepted, rejected or "" (not reviewed) in the view asked for; manual: ""
  std::string memo;    // the coding's memo (for rule codings: the view's review and coding memos, joined)
};

// Whose codings a report or export shows.
//   ""      every coder: a rule coding counts unless some researcher rejected it; every manual coding counts.
//   "auto"  the rules alone, as the codebook applied them.
//   "auto+model"  the rules and the learned models' suggestions (learn/suggest.h), as they were made.
//   NAME    one researcher: the rule codings NAME did not reject, plus NAME's manual codings.
// A suggestion counts in "" and NAME only once the view's researcher (anyone, for "") accepted it, and nobody in
// the view rejected it: by default, reports never count the models' guesses.
struct CodingView {
  std::string coder;
  bool with_rejected = false;     // also list the rule codings the view rejected (status "rejected"), for review
  bool with_suggestions = false;  // also list the suggestions the view has not reviewed (status ""), for review
  bool turn_text = true;          // false: each row's turn.text is left empty (reports that count: far less to copy)
  static constexpr const char* kWithModel = "auto+model";
};

// One piece of a researcher's work. It is stored with the text it was made on (the turn's text, and the span's
// text), not only with a turn id, so that a re-ingest of a changed transcript can place it again by that text.
// What cannot be placed is kept as orphaned, never deleted (see Store::PutDocument).
struct ManualWork {
  enum class Kind { kCode, kAccept, kReject, kSeen, kMemo };
  //   kCode    a manual coding of `code` on `span` of a turn (the whole turn when no span)
  //   kAccept, kReject   a review of the rule codings of `code` on a turn
  //   kSeen    the coder has read this turn (or, without a turn, the whole document): the units of `agree`
  //   kMemo    a memo on a document (file), a turn (file, turn), a coding (file, turn, code) or a code (code only)
  Kind kind = Kind::kCode;
  std::string coder;
  std::string file;          // empty only for a memo on a code
  std::optional<int> turn;   // none: the whole document
  std::optional<Span> span;  // bytes of the turn's text; none: the whole turn
  std::string code;
  char valence = '+';        // kCode only
  std::string memo;

  // Filled when read back.
  int64_t id = 0;
  std::string created;       // UTC, ISO 8601
  std::string span_text;     // the coded text
  std::string orphaned;      // why it is not placed on the current text; empty when placed

  // The researcher says yes to `code` on this turn: their own coding, or their acceptance of the rules', placed.
  bool Affirms() const { return orphaned.empty() && turn && (kind == Kind::kCode || kind == Kind::kAccept); }
};
const char* ToString(ManualWork::Kind kind);  // code, accept, reject, seen, memo

// What a re-ingest did to the researcher's work on one document.
struct Reanchored {
  int placed = 0;    // found again on the new text (same turn text, or the same span text nearby)
  int similar = 0;   // of those, reviews, memos and seen marks placed on a nearly identical turn
  int orphaned = 0;  // could not be placed: kept, listed by ManualWorkList({.orphaned = true})
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

// A model `kansrijk learn` trained for one code (learn/model.h), with what it was trained on.
struct StoredModel {
  std::string code;
  std::string model;          // learn/model.h's text: the store keeps it as given
  std::vector<std::string> coders;
  int positives = 0, negatives = 0;
  std::string codebook_hash;  // of the rule codings in the database when it was trained; empty before any `code`
  std::string trained;        // UTC, ISO 8601; set by the store
};

// A learned model's suggestion (learn/suggest.h): a coding of origin and coder "model" on a turn the rules did not
// code with that code, with the model's probability and the features that raised it most.
struct StoredSuggestion {
  int64_t turn_id = 0;
  std::string code;
  Span span;  // bytes of the turn's text
  char valence = '+';
  std::string valence_reason;
  double probability = 0, threshold = 0;
  std::vector<std::pair<std::string, double>> features;  // feature, what it added to the logit; largest first
  int64_t coding_id = 0;  // set when read back
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

  // Closes the database now (its log is checkpointed into the file); only destruction may follow.
  void Close();

  // The database file, absolute; empty for a database in memory. Ingest leaves it (and its -wal, -shm and
  // -journal files) out of a corpus folder that holds it.
  std::filesystem::path File() const;

  // The corpus folder this database was filled from (set by the first ingest).
  std::optional<std::string> CorpusRoot() const;
  void SetCorpusRoot(const std::string& root);

  std::vector<StoredDocument> Documents() const;  // sorted by file
  std::optional<StoredDocument> FindDocument(const std::string& file) const;
  // Inserts the document or replaces the stored one with the same file name, in one transaction. The
  // researcher's work on the document (and what was orphaned from it before) is placed on the new turns by its
  // text (store/anchor.h): on the turn with the same text (nearest to where it was), else on the same span text
  // in a turn at most kAnchorWindow turns from where it was; reviews, memos and seen marks (not codings, which
  // claim their exact words) also on the most similar turn that near with at least kSimilarTurn of its words
  // the same (a corrected word or two); the rest is marked orphaned.
  Reanchored PutDocument(const DocumentRecord& record);
  // Makes the forms a search finds the turn's words under, which PutDocument stores with the first document that
  // has the word (store/fts_tokenizer.h): called on a parser thread, it spares the writer's thread the stemming and
  // compound splitting. Safe on any thread, also while another thread writes through this Store.
  void PrepareIndexForms(std::span<const SegmentedTurn> turns) const;
  // The morphology the index's words are stemmed and split with: a Coder that codes while ingest stores (and so
  // shares its tables of words) uses it.
  const Morphology& morphology() const;
  static constexpr int kAnchorWindow = 5;
  static constexpr double kSimilarTurn = 0.8;
  // Removes the document; the researcher's work on it is kept as orphaned and placed again if it returns.
  void RemoveDocument(const std::string& file);

  // Compound splits kept between runs (table word_parts), so that a word is split into compound parts once per
  // database, not once per command: ingest keeps what its index tokens split, and `code` recalls it. Recall adds
  // the kept splits to `morphology` (nullptr: the store's own) when they were made under its SplitsKey(); Keep
  // stores the splits the store's own morphology made since it last kept (PutDocument keeps each document's with
  // it), or all it knows in place of the splits of another key.
  void RecallWordParts(const Morphology* morphology = nullptr) const;
  void KeepWordParts();

  // Records one ingest run (the audit trail in the runs table).
  void RecordRun(const std::string& corpus, int added, int updated, int unchanged, int removed, int failed);

  std::vector<TurnRow> Turns(const TurnFilter& filter) const;  // by year, file, turn
  std::optional<TurnRow> FindTurn(const std::string& file, int number) const;
  // Turns matching an FTS5 query (phrases, prefix*, NEAR, AND/OR/NOT), in document order, with the matched
  // spans. Throws Error with SQLite's explanation when the query is malformed.
  std::vector<TurnMatch> Match(const std::string& query, const TurnFilter& filter, int limit = -1) const;
  std::vector<CorpusStats> Stats() const;  // by year, type
  // What the readers warned about, stored with each document as printed ("file:line: message"), by file and
  // then in the order they were found; replaced with the document.
  std::vector<std::string> DocumentWarnings() const;

  // Replaces the rule codings made with a codebook of the same id on the documents `files` (every document when
  // empty) by `codings` (turn id, coding), in one transaction; records the codebook's codes, and that those
  // documents are coded with it under `key`. Manual codings are never touched.
  void ReplaceRuleCodings(const Codebook& codebook, const std::string& key,
                          const std::vector<std::pair<int64_t, Coding>>& codings,
                          const std::vector<std::string>& files = {});
  // The documents whose rule codings of the codebook `codebook_id` were not made under `key`, by file.
  std::vector<std::string> FilesNotCodedWith(const std::string& codebook_id, const std::string& key) const;
  int CountDocuments() const;
  // The turns `filter` selects and the rule codings of the codebook `codebook_id` on them: how many, and per
  // (code, year) the number of turns with one.
  struct RuleCodingCount {
    int turns = 0;
    int codings = 0;
    std::map<std::pair<std::string, int>, int> coded_turns;
  };
  RuleCodingCount CountRuleCodings(const std::string& codebook_id, const TurnFilter& filter) const;
  // Records a piece of the researcher's work, in the database's current text. Throws Error when the document,
  // turn or span does not exist (the span must lie on UTF-8 character boundaries of the turn's text). Adding
  // the same coding again only replaces its memo and valence; a review replaces the coder's earlier review of
  // that code on that turn; a memo replaces the coder's earlier memo on the same thing. Returns the entry's id.
  int64_t AddManual(const ManualWork& work);
  // Removes the coder's entries of this kind on this document, turn, code (and span, when given); returns how
  // many. The researcher's explicit removal is the only way work leaves the database.
  int RemoveManual(const ManualWork& work);
  bool RemoveManualById(int64_t id);
  struct ManualFilter {
    std::string coder;       // empty: everyone
    bool orphaned = false;   // only what is not placed
    std::string file;        // only work on this document; empty: all
  };
  std::vector<ManualWork> ManualWorkList(const ManualFilter& filter) const;  // by file, turn, begin, id
  std::vector<std::string> Coders() const;  // everyone with manual work, sorted
  // How far `coder` is with each document, by year and file. A review item is a code the rules found or a
  // model suggested on a turn (one review decides all its spans there), as in the review queue; a turn is seen when the coder marked it (or the whole
  // document) as read, or coded or reviewed on it.
  struct Progress {
    std::string file;
    int turns = 0, seen = 0;        // all turns; those seen
    int items = 0, reviewed = 0;    // review items; those the coder accepted or rejected
    int codings = 0;                // the coder's own codings
  };
  std::vector<Progress> ReviewProgress(const std::string& coder, const std::string& file = "") const;  // "": all
  // The (turn, code) pairs a coder view counts on respondent turns: what the year report counts, for keeping
  // counts current without building the whole report (the review app). One document's, or (file "") all.
  struct ViewedCoding {
    int64_t turn_id = 0;
    std::string code, file;
    int year = 0;
  };
  std::vector<ViewedCoding> CodedTurns(const CodingView& view, const std::string& file = "") const;
  // Changes whenever another connection (another process, another tab's server) commits: SQLite's
  // PRAGMA data_version. Our own writes do not change it.
  int64_t DataVersion() const;

  // The review queue of `coder`: codes the rules found or a model suggested on a turn (of `code` and `valence`
  // when not empty) that the coder has neither accepted nor rejected, in document order, or `by_uncertainty`:
  // suggestions first, the probability closest to its threshold first, then the rest in document order. `total`
  // counts them all; `items` holds the first `limit`, each as its codings (spans) on the turn.
  struct ReviewQueue {
    int total = 0;
    std::vector<std::vector<CodingRow>> items;
  };
  ReviewQueue OpenReviews(const std::string& coder, const TurnFilter& filter, const std::string& code,
                          const std::string& valence, int limit, bool by_uncertainty = false) const;
  std::vector<CodingRow> Codings(const TurnFilter& filter, const CodingView& view = {}) const;  // by year, file,
                                                                                                 // turn, begin, code
  std::vector<StoredCode> Codes() const;  // by codebook, then position
  // The codebook the rule codings were last made with: its file name as given to `code`, and its text; none
  // before the first `kansrijk code` (or for codings made before schema 4).
  struct CodebookSource {
    std::string file, yaml;
  };
  std::optional<CodebookSource> CodebookText() const;
  // The content hash of the codebook the rule codings were last made with (as CodebookText chooses it); empty
  // before the first `kansrijk code`.
  std::string CodebookHash() const;
  // Replaces the stored model of each code in `models` (the others stay), in one transaction.
  void PutModels(const std::vector<StoredModel>& models);
  std::vector<StoredModel> Models() const;  // by code
  // Replaces every stored suggestion by `suggestions` (one transaction), made beside the rule codings of the
  // codebook `codebook_id` (its hash is the one in `codebooks`). The researchers' reviews of suggestions are
  // manual work, anchored like any other: a suggestion made again is reviewed again.
  void ReplaceSuggestions(const std::string& codebook_id, const std::vector<StoredSuggestion>& suggestions);
  std::vector<StoredSuggestion> Suggestions(int64_t turn_id = 0) const;  // of one turn (0: all), by turn and code
  // Sentence spans (bytes of the turn's text) of every turn, by turn id.
  std::map<int64_t, std::vector<Span>> Sentences() const;
  // Document variables (manifest columns) by file, plus "year" and "type".
  std::map<std::string, std::map<std::string, std::string>> DocumentVariables() const;

  // Runs `work` in one transaction: every change it makes to the store is kept, or (when it throws) none.
  void Atomically(const std::function<void()>& work);

  // FTS5's own integrity check of the index against the turns; throws Error if they disagree.
  void CheckIndex() const;

 private:
  friend std::vector<StoreProblem> CheckStore(Store& store, const CheckOptions& options);
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::vector<StoredDocument> ReadDocuments(const std::string& file) const;  // "": all
  std::unique_ptr<Impl> impl_;
};

// The codebook in `file`, or (when empty) the one stored with the rule codings (Store::CodebookText); Error with a
// hint when neither is there. What `explain`, `serve` and `agree` code and measure with.
Codebook LoadCodebookFor(const Store& store, const std::string& file);

}  // namespace kansrijk
