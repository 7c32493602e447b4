// The researcher's work through one door: what the CLI, the web app (serve/) and the spreadsheet import
// (exchange/codings_csv.h) do when a researcher names a document, codes words, reviews a rule coding, writes a
// memo or marks turns as read. Every decision (which document a name means, which bytes a selection covers,
// the default valence, that the code exists) is made here once, and every write goes through Store::AddManual.
//
//   std::string file = ResolveDocument(store, "INT-2021-02");          // or "2021/interview-a.txt"
//   int64_t id = AddCoding(store, {.coder = "marieke", .file = file, .turn = 6, .code = "financiering",
//                                  .words = "te weinig geld"});
//   store.AddManual({.kind = ManualWork::Kind::kReject, .coder = "marieke", .file = file, .turn = 6,
//                    .code = "financiering"});                          // the store checks the rule coding exists
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/span.h"
#include "store/store.h"

namespace kansrijk {

// A document as the user names it: its file (relative to the corpus), or its key in pseudonymised output
// (INT-2021-02, as quotes cite it and exports list it). Throws Error naming `name` when it is neither.
std::string ResolveDocument(const Store& store, const std::string& name);

// The turn, or an Error (at `file`) that says how to find turns.
TurnRow NeedTurn(const Store& store, const std::string& file, int number);
// The code as recorded with the codings, or an Error listing the codes.
StoredCode NeedCode(const Store& store, const std::string& code);

// Where in a turn a coding goes: code points [start, end) of the turn's text (as `export codings` writes
// them and as the web app counts a selection), and/or the words as written there.
struct SpanRequest {
  std::optional<size_t> start, end;  // both or neither
  std::string words;                 // alone: the first occurrence; with start/end: must be the text there
};
// The bytes of `text` the request covers; none (the whole turn) when it names nothing. Throws Error (with no
// location: the caller knows the file or row) when the request is not a stretch of the text.
std::optional<Span> PlaceSpan(const std::string& text, int turn_number, const SpanRequest& request);
// "START:END" (as `--span` takes it) as a request; "" is none. Error when it is not two numbers.
SpanRequest ParseSpan(const std::string& argument);

struct CodingRequest {
  std::string coder;
  std::string file;  // as stored (ResolveDocument first)
  int turn = 0;
  std::string code;
  SpanRequest span;
  std::optional<char> valence;  // + or -; default: DefaultSign of the code's valence
  std::string memo;
};
// The manual coding a request describes, checked against the store (turn, code, span, valence), ready for
// Store::AddManual. Throws Error at the file.
ManualWork PlaceCoding(const Store& store, const CodingRequest& request);
// PlaceCoding, then stores it. Returns the entry's id.
int64_t AddCoding(Store& store, const CodingRequest& request);

// A memo on a document (`document` as the user names it), a turn (and `turn`), a coding (and `code`) or a code
// (`code` alone). Replaces the coder's earlier memo on the same thing; returns its id.
int64_t AddMemo(Store& store, const std::string& coder, const std::string& document, int turn,
                const std::string& code, const std::string& text);

// Marks the whole document (no turns) or these turns as read by `coder`, in one transaction.
void MarkSeen(Store& store, const std::string& coder, const std::string& file, const std::vector<int>& turns = {});

// pseudonyms.csv: `given` when not empty, else the one in the corpus folder the database was filled from, if
// it is there; else empty (no extra names).
std::filesystem::path PseudonymsFile(const Store& store, const std::string& given);

// "coding 7: 2021/a.txt#6 financiering- by marieke on "te weinig geld"": what `coding add` stored.
std::string DescribeCoding(const Store& store, const ManualWork& work, int64_t id);

// One line for a list of the researcher's work: id, coder, where, what, the coded words, memo, why orphaned.
std::string DescribeWork(const ManualWork& work);

// `coding list` and `coding orphans`: a line per entry on `out`, the count (and for orphans what to do) on `err`.
void WriteWorkList(const std::vector<ManualWork>& entries, bool orphans, std::ostream& out, std::ostream& err);

// The coder name when none is given: $KANSRIJK_CODER, else the login name ($USER), else "".
std::string DefaultCoder();

}  // namespace kansrijk
