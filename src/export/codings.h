// `kansrijk export codings`: one row per coding.
//
// Columns: file,year,type,turn,speaker,code,valence,coder,rule,start,end,text — start/end are code-point
// offsets of the coded span in the turn's original text (as `export turns` gives it before white space is
// collapsed), text is that span, rule the ids of the rules that matched (comma-separated; empty for manual).
#pragma once

#include <ostream>

#include "export/turns.h"
#include "store/store.h"

namespace kansrijk {

void ExportCodings(const Store& store, const TurnFilter& filter, TableFormat format, std::ostream& out);

}  // namespace kansrijk
