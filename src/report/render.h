// Renderers of a YearReport. Each only formats what BuildYearReport computed.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "base/html.h"
#include "report/year_report.h"

namespace kansrijk {

// reports/report.md: the corpus base, frequencies, comparisons, trends, co-occurrence and summaries.
void WriteMarkdown(const YearReport& report, std::ostream& out);

// reports/frequencies.csv: tidy long format, one row per code x group x measure:
// code,label,category,is_category,<group_by columns...>,measure,value. `bom` adds a UTF-8 BOM for Excel.
void WriteFrequencyCsv(const YearReport& report, std::ostream& out, bool bom = false);

// reports/report.html: one self-contained page with inline SVG charts; all text HTML-escaped.
void WriteHtml(const YearReport& report, std::ostream& out);

// reports/report.xlsx (libxlsxwriter): one sheet per table, numbers as numbers, frozen header rows.
// Throws Error naming `file` when it cannot be written.
void WriteXlsx(const YearReport& report, const std::filesystem::path& file);

// reports/transcripts/<file>.html: every transcript as a page with its turns, speakers, times and the coded
// spans highlighted in their code's colour, with a legend. Returns the pages written (relative to `dir`).
std::vector<std::string> WriteTranscriptPages(const Store& store, const YearReport& report, const std::filesystem::path& dir);

}  // namespace kansrijk
