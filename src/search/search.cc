#include "search/search.h"

#include <re2/re2.h>
#include <unicode/utf8.h>

#include "base/utf8.h"

namespace kansrijk {

namespace {

bool IsBarewordChar(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }

// Appends `word` quoted as an FTS5 string, keeping a trailing * (prefix query) outside the quotes.
void AppendQuoted(std::string_view word, std::string& out) {
  bool prefix = word.ends_with('*');
  if (prefix) word.remove_suffix(1);
  out += '"';
  for (char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  out += '"';
  if (prefix) out += '*';
}

// Up to `chars` code points of `text` before (backward) or after `at`, cut at a space where possible.
std::string Context(std::string_view text, size_t at, int chars, bool backward) {
  size_t begin = at, end = at;
  int32_t i = static_cast<int32_t>(at);
  for (int n = 0; n < chars; ++n) {
    if (backward) {
      if (i <= 0) break;
      U8_BACK_1(reinterpret_cast<const uint8_t*>(text.data()), 0, i);
      begin = static_cast<size_t>(i);
    } else {
      if (i >= static_cast<int32_t>(text.size())) break;
      U8_FWD_1(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()));
      end = static_cast<size_t>(i);
    }
  }
  bool cut = backward ? begin > 0 : end < text.size();
  if (cut) {  // do not end in the middle of a word
    if (backward) {
      size_t space = text.find_first_of(" \n\t", begin);
      if (space != std::string_view::npos && space < at) begin = space + 1;
    } else {
      size_t space = text.find_last_of(" \n\t", end);
      if (space != std::string_view::npos && space > at) end = space;
    }
  }
  std::string piece = CollapseWhitespace(text.substr(begin, end - begin));
  if (backward) {
    if (!text.substr(begin, at - begin).empty() && (text[at - 1] == ' ' || text[at - 1] == '\n')) piece += ' ';
    return cut ? "…" + piece : piece;
  }
  if (at < text.size() && (text[at] == ' ' || text[at] == '\n') && !piece.empty()) piece = ' ' + piece;
  return cut ? piece + "…" : piece;
}

// FTS5 marks each matched token; a phrase or adjacent words read better as one match.
std::vector<Span> MergeAdjacent(const std::vector<Span>& spans, std::string_view text) {
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty()) {
      std::string_view gap = text.substr(merged.back().end, span.begin - std::min(span.begin, merged.back().end));
      if (span.begin >= merged.back().end && gap.find_first_not_of(" \n\t") == std::string_view::npos) {
        merged.back().end = span.end;
        continue;
      }
    }
    merged.push_back(span);
  }
  return merged;
}

// Quotes bare words FTS5 would misread; leaves strings, operators and punctuation of its syntax alone.
std::string QuoteBarewords(std::string_view query) {
  std::string out;
  for (size_t i = 0; i < query.size();) {
    char c = query[i];
    if (c == '"') {  // an FTS5 string: copy up to its closing quote ("" is an escaped quote)
      size_t end = i + 1;
      while (end < query.size() && !(query[end] == '"' && (end + 1 >= query.size() || query[end + 1] != '"'))) {
        end += query[end] == '"' ? 2 : 1;
      }
      out.append(query.substr(i, std::min(end + 1, query.size()) - i));
      i = end + 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')' || c == ',' || c == '+' || c == '^' ||
        c == ':' || c == '{' || c == '}') {
      out += c;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < query.size() && query.find_first_of(" \t\n(),+:{}\"", end) != end) ++end;
    std::string_view word = query.substr(i, end - i);
    bool bare = true;
    for (size_t k = 0; k < word.size(); ++k) {
      unsigned char u = static_cast<unsigned char>(word[k]);
      if (!IsBarewordChar(u) && !(u == '*' && k + 1 == word.size())) bare = false;
    }
    bool column_filter = end < query.size() && query[end] == ':';
    bool near = word.starts_with("NEAR/") && word.find_first_not_of("0123456789", 5) == std::string_view::npos;
    if (bare || column_filter || near || word == "-") {
      out.append(word);
    } else {
      AppendQuoted(word, out);
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string PrepareQuery(std::string_view query) {
  std::string out = QuoteBarewords(query);
  // FTS4's "a NEAR/6 b", which researchers know from other tools (and our codebook uses), as FTS5's NEAR().
  static const RE2 near(R"re(("[^"]*"\*?|[^\s()"]+)\s+NEAR/(\d+)\s+("[^"]*"\*?|[^\s()"]+))re");
  while (RE2::Replace(&out, near, "NEAR(\\1 \\3, \\2)")) {}
  return out;
}

std::vector<KwicLine> Search(const Store& store, const SearchRequest& request) {
  std::vector<KwicLine> lines;
  for (const TurnMatch& match : store.Match(PrepareQuery(request.query), request.filter, request.limit)) {
    const std::string& text = match.turn.text;
    for (const Span& span : MergeAdjacent(match.matches, text)) {
      KwicLine line;
      line.turn = match.turn;
      line.match = span;
      line.left = Context(text, span.begin, request.context_chars, true);
      line.text = CollapseWhitespace(std::string_view(text).substr(span.begin, span.size()));
      line.right = Context(text, span.end, request.context_chars, false);
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace kansrijk
