// `kansrijk check`: is the database whole, and does it hold what the schema promises?
//
//   for (const StoreProblem& p : CheckStore(store, {})) std::cout << p.ToString() << "\n";
//
// It runs SQLite's integrity_check and foreign_key_check, FTS5's integrity-check of the turn index, and the
// project's own invariants: every document's turns are numbered 1..n and hash to the text_hash stored with them
// (a turn changed or lost behind ingest's back); sentences, annotations and codings lie within their turn's text;
// every rule coding names a code of its codebook; every piece of the researcher's work (codings, reviews, memos,
// seen marks) on a turn is either placed on a turn that holds the text it was made on, or orphaned with a reason.
// Each problem comes with a way out. `repair` takes the way outs that lose nothing: it rebuilds the turn index,
// removes derived rows (turns, codings, ...) whose parent is gone, unplaces the researcher's work from a turn that
// does not hold its text (the next ingest places it again) and makes the next ingest re-read every document with
// a problem. Nothing the researcher made is ever deleted.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"

namespace kansrijk {

struct StoreProblem {
  std::string where;    // "documents 2021/a.txt", "manual #12", "turn index", "database"
  std::string what;     // what is wrong
  std::string way_out;  // what the user should do
  bool repairable = false;  // `kansrijk check --repair` takes the way out

  std::string ToString() const;  // "where: what (what to do: way out)"
};

struct CheckOptions {
  bool repair = false;  // take the way outs marked repairable, in one transaction, then check again
};

// Every problem found (after a repair: the ones that remain); empty when all is well.
std::vector<StoreProblem> CheckStore(Store& store, const CheckOptions& options);
// The same for a database file; one too damaged to open is a problem too. Throws Error when there is no file.
std::vector<StoreProblem> CheckDatabase(const std::filesystem::path& file, const CheckOptions& options);

}  // namespace kansrijk
