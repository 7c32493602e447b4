// The corpus overview: documents, turns and words per year and type, and one line per document.
// Deterministic: the same database gives the same bytes (no dates, fixed order).
#pragma once

#include <ostream>

#include "store/store.h"

namespace kansrijk {

enum class OverviewFormat { kText, kMarkdown, kCsv, kJson };

void WriteCorpusOverview(const Store& store, OverviewFormat format, std::ostream& out);

}  // namespace kansrijk
