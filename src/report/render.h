// Renderers of a YearReport (report/year_report.h). Each formats what BuildYearReport computed and computes
// nothing of its own; only the transcript pages read the Store as well, for the turns' text.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "base/html.h"
#include "report/year_report.h"

namespace kansrijk {

// reports/report.md: the summaries, the corpus base, frequencies, comparisons, trends and co-occurrence.
void WriteMarkdown(const YearReport& report, std::ostream& out);

// reports/frequencies.csv: tidy long format, one row per table x code x group x measure:
// table,code,label,category,is_category,<group_by columns...>,compared_with,measure,value. `table` is frequency,
// comparison (the later year in the first group column, the earlier in compared_with), trend or co_occurrence
// (the other code in compared_with). `bom` adds a UTF-8 BOM for Excel.
void WriteFrequencyCsv(const YearReport& report, std::ostream& out, bool bom = false);

// reports/report.html: one self-contained page with inline SVG charts; all text HTML-escaped.
void WriteHtml(const YearReport& report, std::ostream& out);

// reports/report.xlsx (libxlsxwriter): one sheet per table, numbers as numbers, frozen header rows.
// Throws Error naming `file` when it cannot be written.
void WriteXlsx(const YearReport& report, const std::filesystem::path& file);

// reports/transcripts/<file>.html: every transcript as a page with all its turns (interviewer's too), speakers,
// times and the spans coded in the report's coder view highlighted in their code's colour, with a legend.
// Returns the pages written (relative to `dir`). Throws Error naming the page when it cannot be written.
// `progress`, when set, is called after each page with (done, total, file).
std::vector<std::string> WriteTranscriptPages(const Store& store, const YearReport& report, const std::filesystem::path& dir,
                                              const std::function<void(size_t, size_t, const std::string&)>& progress = {});

}  // namespace kansrijk
