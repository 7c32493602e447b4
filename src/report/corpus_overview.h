// The corpus overview: documents, turns and words per year and type, and one line per document.
// Deterministic: the same database gives the same bytes (no dates, fixed order).
#pragma once

#include <ostream>
#include <string>

#include "store/store.h"

namespace kansrijk {

enum class OverviewFormat { kText, kMarkdown, kCsv, kJson };
OverviewFormat ParseOverviewFormat(const std::string& name);  // text, md, csv, json; Error for another

void WriteCorpusOverview(const Store& store, OverviewFormat format, std::ostream& out);

}  // namespace kansrijk
