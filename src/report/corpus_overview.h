// The corpus overview: documents, turns and words per year and type, and one line per document.
// Deterministic: the same database gives the same bytes (no dates, fixed order).
#pragma once

#include <ostream>
#include <string>

#include "store/store.h"

namespace kansrijk {

enum class OverviewFormat { kText, kMarkdown, kCsv, kJson };
OverviewFormat ParseOverviewFormat(const std::string& name);  // text, md, csv, json; Error for another

// Text and Markdown end with the readers' warnings stored with the documents (file:line: what was odd), when
// there are any and `with_warnings`; CSV and JSON hold the table only.
void WriteCorpusOverview(const Store& store, OverviewFormat format, std::ostream& out, bool with_warnings = true);

}  // namespace kansrijk
