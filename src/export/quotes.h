// Quotes for evaluation reports: per code and year, cut to whole sentences, attributed and pseudonymised.
//
//   QuoteSet quotes = SelectQuotes(store, {.per_code = 3});
//   WriteQuotesMarkdown(quotes, out);   // a heading per code, blockquotes with "(projectleider, interview, 2021, INT-2021-02)"
//
// Pseudonymisation (export/pseudonyms.h) is on by default. The citation never uses the speaker's name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/span.h"
#include "export/pseudonyms.h"
#include "store/store.h"

namespace kansrijk {

struct QuoteOptions {
  std::vector<std::string> codes;  // empty: every code
  std::vector<int> years;          // empty: every year
  std::vector<std::string> roles;  // document variable role; empty: all
  int per_code = 3;                // quotes per code and year
  size_t max_chars = 400;          // longer quotes are cut to the coded sentence, then at a word, marked [...]
  bool clean = false;              // remove hesitations (eh, ehm, uh), repeated words and annotations ([lacht])
  bool pseudonymise = true;
  std::optional<char> valence;     // only codings of this valence
  uint64_t seed = 0;               // another seed draws another (still deterministic) set
  std::string coder;               // whose codings (store.h CodingView): "" every coder, "auto", or a name
  std::filesystem::path pseudonyms;  // names besides the corpus's own (Pseudonyms::Load); empty: none
  // Called after each code with (done, total, code); the CLI draws progress with it.
  std::function<void(size_t, size_t, const std::string&)> progress;
};

struct Quote {
  std::string code, code_label;
  int year = 0;
  char valence = '+';
  std::string citation;  // (role, type, year, KEY)
  std::string text;      // as it goes into the report: cut, cleaned if asked, pseudonymised
  std::string verbatim;  // the exact original span the quote was cut from
  std::string file;      // the document key instead when pseudonymised
  int turn = 0;
  Span span;             // bytes of the turn's original text
  size_t start = 0, end = 0;  // the same span in code points
};

struct QuoteSet {
  QuoteOptions options;
  std::vector<Quote> quotes;  // by code (codebook order), year, then selection order
  std::map<std::string, std::string> code_labels;
  std::vector<Diagnostic> warnings;  // words that look like names and stayed (Pseudonyms::UnlistedNames)
};

QuoteSet SelectQuotes(const Store& store, const QuoteOptions& options);

// Cuts `text` to the whole sentences around `span`, within `max_chars` bytes; [...] marks a cut. Exposed for tests.
std::string CutToSentences(const std::string& text, const std::vector<Span>& sentences, Span span, size_t max_chars,
                           Span* cut = nullptr);

// Removes hesitations, repeated words and annotations, for reading. Exposed for tests.
std::string CleanSpeech(const std::string& text);

void WriteQuotesMarkdown(const QuoteSet& quotes, std::ostream& out);
// CSV cells that start with = + - @ are prefixed with ' so a spreadsheet shows them as text, not a formula.
void WriteQuotesCsv(const QuoteSet& quotes, std::ostream& out);
void WriteQuotesHtml(const QuoteSet& quotes, std::ostream& out);
// A Word document (WordprocessingML, written with libzip): a heading per code, quotes in the Quote style.
void WriteQuotesDocx(const QuoteSet& quotes, const std::filesystem::path& file);
// md, csv or html as text (for standard output or a file); Error for another format (docx is a file).
std::string RenderQuotes(const QuoteSet& quotes, const std::string& format);

}  // namespace kansrijk
