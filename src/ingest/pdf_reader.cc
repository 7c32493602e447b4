// The text layer of a PDF through poppler-cpp, with running headers, footers and page numbers left out.
#include <fmt/format.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <re2/re2.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "base/error.h"
#include "base/utf8.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

constexpr const char* kOtherFormat = "or export the transcript from where it was written as .docx, .odt or .txt";

// Lines a page may start or end with that are not speech: "3", "- 3 -", "Pagina 3 van 12", "Page 3 of 12", "3/12".
bool IsPageNumber(std::string_view line) {
  static const RE2 re(
      R"((?i)(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:van|of|/)\s*\d{1,4})?)");
  return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), re);
}

// A line as compared across pages: trimmed, runs of digits as one '#' ("Pagina 3 van 12" = "Pagina 4 van 12").
std::string EdgeKey(std::string_view line) {
  static const RE2 digits(R"(\d+)");
  std::string key(Trim(line));
  RE2::GlobalReplace(&key, digits, "#");
  return key;
}

// How many non-empty lines at the top and at the bottom of a page may be a running header or footer.
constexpr int kEdgeLines = 2;

std::vector<size_t> EdgeIndexes(const std::vector<std::string>& page) {
  std::vector<size_t> filled;
  for (size_t i = 0; i < page.size(); ++i) {
    if (!Trim(page[i]).empty()) filled.push_back(i);
  }
  std::set<size_t> edges;
  for (size_t k = 0; k < filled.size() && k < kEdgeLines; ++k) {
    edges.insert(filled[k]);
    edges.insert(filled[filled.size() - 1 - k]);
  }
  return {edges.begin(), edges.end()};
}

std::vector<std::string> PageLines(const poppler::page& page) {
  // Poppler's reading order (as pdftotext without -layout): columns and boxes are read one after the other.
  poppler::byte_array utf8 = page.text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
  std::string text(utf8.begin(), utf8.end());
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\f') continue;
    std::string_view line(text.data() + start, i - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = i + 1;
  }
  while (!lines.empty() && Trim(lines.back()).empty()) lines.pop_back();
  return lines;
}

}  // namespace

std::string ReadPdfText(std::string_view bytes, const std::string& name, std::vector<Diagnostic>& warnings) {
  // Poppler prints its complaints on stderr; what matters reaches the user as our own error or warning.
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
  if (bytes.size() > INT_MAX) throw Error({name}, "the PDF is too large to read", "split it into several transcripts");
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) {
    throw Error({name}, "not a readable PDF: the file is damaged or not a PDF",
                std::string("open it in a PDF reader and save it again, ") + kOtherFormat);
  }
  if (document->is_locked()) {
    throw Error({name}, "the PDF is protected with a password, so its text cannot be read",
                std::string("open it with the password and save a copy without protection, ") + kOtherFormat);
  }
  std::vector<std::vector<std::string>> pages;
  bool any_text = false;
  for (int i = 0; i < document->pages(); ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    pages.push_back(page ? PageLines(*page) : std::vector<std::string>{});
    for (const std::string& line : pages.back()) any_text = any_text || !Trim(line).empty();
  }
  if (!any_text) {
    throw Error({name},
                fmt::format("the PDF has no text layer, only images of {} page(s): it is probably scanned and needs OCR "
                            "(text recognition) first",
                            pages.size()),
                std::string("run it through OCR (for example ocrmypdf, or the OCR of the scanner's software) and "
                            "ingest the PDF that writes, ") +
                    kOtherFormat);
  }

  // A running header or footer: the same line (page numbers aside) among the edge lines of every page, or of
  // every page but the first (which often has its own). Speech rarely repeats so, and never at every edge.
  std::map<std::string, int> pages_with;
  std::map<std::string, bool> on_first;
  for (size_t p = 0; p < pages.size(); ++p) {
    std::set<std::string> keys;
    for (size_t i : EdgeIndexes(pages[p])) keys.insert(EdgeKey(pages[p][i]));
    for (const std::string& key : keys) {
      ++pages_with[key];
      if (p == 0) on_first[key] = true;
    }
  }
  const int count = static_cast<int>(pages.size());
  auto running = [&](const std::string& key) {
    int n = pages_with[key];
    return count >= 2 && (n == count || (count >= 3 && n == count - 1 && !on_first[key]));
  };
  std::string text;
  std::vector<std::string> left_out;
  int dropped = 0;
  for (const std::vector<std::string>& page : pages) {
    std::vector<size_t> edges = EdgeIndexes(page);
    for (size_t i = 0; i < page.size(); ++i) {
      bool edge = std::find(edges.begin(), edges.end(), i) != edges.end();
      if (edge && (running(EdgeKey(page[i])) || IsPageNumber(Trim(page[i])))) {
        ++dropped;
        std::string shown(Trim(page[i]));
        if (left_out.size() < 3 && std::find(left_out.begin(), left_out.end(), shown) == left_out.end()) {
          left_out.push_back(shown);
        }
        continue;
      }
      text += page[i];
      text += '\n';
    }
  }
  if (dropped > 0) {
    std::string examples;
    for (const std::string& line : left_out) examples += (examples.empty() ? "'" : ", '") + line + "'";
    warnings.push_back({{name},
                        fmt::format("left out {} line(s) that repeat at the top or bottom of the pages or are page "
                                    "numbers, such as {}",
                                    dropped, examples)});
  }
  return text;
}

}  // namespace kansrijk::internal
