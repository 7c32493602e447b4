#include "report/write.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "base/error.h"
#include "base/file.h"
#include "report/render.h"

namespace kansrijk {

std::vector<std::string> WriteReports(const Store& store, const YearReport& report, const ReportFiles& files) {
  for (const std::string& format : files.formats) {
    if (std::find(kReportFormats.begin(), kReportFormats.end(), format) == kReportFormats.end()) {
      throw Error({}, fmt::format("'{}' is not a report format", format), "give md, csv, html, xlsx or transcripts");
    }
  }
  auto has = [&](const char* format) {
    return std::find(files.formats.begin(), files.formats.end(), format) != files.formats.end();
  };
  auto write_text = [&](const char* name, auto render) {
    std::ostringstream text;
    render(text);
    WriteFileAtomically(files.folder / name, text.str());
  };
  std::vector<std::string> written;
  if (has("md")) {
    write_text("report.md", [&](std::ostream& out) { WriteMarkdown(report, out); });
    written.push_back("report.md");
  }
  if (has("csv")) {
    write_text("frequencies.csv", [&](std::ostream& out) { WriteFrequencyCsv(report, out, files.bom); });
    written.push_back("frequencies.csv");
  }
  if (has("html")) {
    write_text("report.html", [&](std::ostream& out) { WriteHtml(report, out); });
    written.push_back("report.html");
  }
  if (has("xlsx")) {
    WriteXlsx(report, files.folder / "report.xlsx");
    written.push_back("report.xlsx");
  }
  if (has("transcripts")) {
    std::vector<std::string> pages = WriteTranscriptPages(store, report, files.folder / "transcripts", files.progress);
    written.push_back(fmt::format("transcripts/ ({} pages)", pages.size()));
  }
  return written;
}

}  // namespace kansrijk
