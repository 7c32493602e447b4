// `kansrijk export turns`: every stored turn as CSV or JSON.
//
// Columns: file,year,type,turn,speaker,is_interviewer,start_time,text — file relative to the corpus root,
// turn numbered from 1 per document, text the original turn text with white space collapsed.
// With `hide` (the default of the CLI) file is the document key, speaker I1/R1 and the text pseudonymised
// (export/pseudonyms.h); without it the original names, for work within the research team.
#pragma once

#include <ostream>
#include <string>

#include "base/table.h"
#include "export/pseudonyms.h"
#include "store/store.h"

namespace kansrijk {

// `coder` is not used: turns look the same in every coder's view (the signature is that of ExportCodings).
void ExportTurns(const Store& store, const TurnFilter& filter, const std::string& coder, const Pseudonyms* hide,
                 TableFormat format, std::ostream& out);

}  // namespace kansrijk
