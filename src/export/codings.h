// `kansrijk export codings`: one row per coding.
//
// Columns: file,year,type,turn,speaker,code,valence,coder,rule,start,end,text,status,memo — start/end are
// code-point offsets of the coded span in the turn's original text (as `export turns` gives it before white
// space is collapsed), text is that span, rule the ids of the rules that matched (comma-separated; empty for
// manual), status the view's review of a rule coding (accepted, rejected or empty), memo the coding's memos.
// Rejected rule codings are listed too (status rejected), so that the file can be reviewed and imported back
// (exchange/codings_csv.h).
// With `hide` (the default of the CLI) file is the document key, speaker I1/R1, and text and memo are
// pseudonymised (export/pseudonyms.h); start/end still count in the original text. Such a file cannot be
// imported back: a review sheet is exported without `hide`.
#pragma once

#include <ostream>

#include "export/turns.h"
#include "store/store.h"

namespace kansrijk {

void ExportCodings(const Store& store, const TurnFilter& filter, const std::string& coder, const Pseudonyms* hide,
                   TableFormat format, std::ostream& out);

}  // namespace kansrijk
