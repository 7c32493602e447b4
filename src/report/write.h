// Which report files a format list writes, and where: the one place `kansrijk report` and the web app decide it.
//
//   std::vector<std::string> written = WriteReports(store, report, {.folder = "reports"});
//   // {"report.md", "frequencies.csv", "report.html", "report.xlsx", "transcripts/ (20 pages)"}
//
// Every file is written through a temporary file and a rename (base/file.h): a kill never leaves half a report.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "report/year_report.h"

namespace kansrijk {

inline const std::vector<std::string> kReportFormats = {"md", "csv", "html", "xlsx", "transcripts"};

struct ReportFiles {
  std::filesystem::path folder = "reports";
  // md: report.md, csv: frequencies.csv, html: report.html, xlsx: report.xlsx, transcripts: transcripts/*.html.
  std::vector<std::string> formats = kReportFormats;
  bool bom = false;  // start frequencies.csv with a UTF-8 BOM (for Excel)
  // Called after each transcript page with (done, total, file); the CLI draws progress with it.
  std::function<void(size_t, size_t, const std::string&)> progress;
};

// Writes the formats asked for, in the order above; returns what was written, relative to the folder. Throws
// Error for an unknown format before writing anything.
std::vector<std::string> WriteReports(const Store& store, const YearReport& report, const ReportFiles& files);

}  // namespace kansrijk
