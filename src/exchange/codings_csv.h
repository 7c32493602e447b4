// `kansrijk import codings`: a researcher's review of `kansrijk export codings`, loaded back from a spreadsheet.
//
//   CodingsImport result = ImportCodingsCsv(store, "review.csv", "marieke");
//   if (!result.errors.empty()) ...  // nothing was applied; every bad row is listed
//
// Columns by name (any order, others ignored): file, turn, code (required), coder, valence, start, end, text,
// status, memo — the columns of `export codings`. Each row is one of:
//   - a rule coding (coder "auto") or a model's suggestion (coder "model", learn/suggest.h): status accepted or
//     rejected records the researcher's review of that code on
//     that turn (a turn can hold several rows of one code: one status among them decides, two different ones
//     are an error); when none of them has a status, the researcher's earlier review is withdrawn. A memo is
//     kept with the review (or, unreviewed, on the coding).
//   - the researcher's own coding (coder empty or the researcher's name): added (again: unchanged), or with
//     status removed taken out. start/end are code points of the turn text as exported; without them the
//     `text` is looked up in the turn, and without either the whole turn is coded. When start/end and text are
//     both given they must agree (a sorted or edited spreadsheet is caught here, not stored wrongly).
//   - another researcher's coding: left alone and counted.
// A manual coding missing from the file is not removed: only an explicit status removed removes it.
// All rows are applied in one transaction, and only when every row is valid.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "base/error.h"
#include "store/store.h"

namespace kansrijk {

struct CodingsImport {
  int rows = 0;
  int accepted = 0, rejected = 0, withdrawn = 0;  // reviews of rule codings
  int added = 0, removed = 0;                     // the researcher's own codings
  int memos = 0;
  int other_coders = 0;                           // rows of other researchers, left alone
  std::vector<Error> errors;                      // "FILE.csv: row N: ..."; non-empty means nothing applied
};

CodingsImport ImportCodingsCsv(Store& store, const std::filesystem::path& csv, const std::string& coder);

// The errors, one a line, and "nothing was imported"; or one line of what was imported.
void WriteCodingsImport(const CodingsImport& result, const std::string& csv, const std::string& coder,
                        std::ostream& out);

}  // namespace kansrijk
