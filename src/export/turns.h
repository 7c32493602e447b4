// `kansrijk export turns`: every stored turn as CSV or JSON.
//
// Columns: file,year,type,turn,speaker,is_interviewer,start_time,text — file relative to the corpus root,
// turn numbered from 1 per document, text the original turn text with white space collapsed.
#pragma once

#include <ostream>
#include <string>

#include "store/store.h"

namespace kansrijk {

enum class TableFormat { kCsv, kJson };

void ExportTurns(const Store& store, const TurnFilter& filter, TableFormat format, std::ostream& out);

}  // namespace kansrijk
