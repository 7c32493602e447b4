#include "search/search.h"

#include <fmt/format.h>

#include <re2/re2.h>

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
      Kwic kwic = KeywordInContext(text, span, request.context_chars);
      line.left = std::move(kwic.left);
      line.text = std::move(kwic.text);
      line.right = std::move(kwic.right);
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

Table KwicTable(const std::vector<KwicLine>& lines) {
  Table table{{"file", "year", "type", "turn", "speaker", "is_interviewer", "left", "match", "right"}};
  for (const KwicLine& l : lines) {
    table.rows.push_back({l.turn.file, int64_t{l.turn.year}, l.turn.type, int64_t{l.turn.number}, l.turn.speaker,
                          l.turn.is_interviewer, l.left, l.text, l.right});
  }
  return table;
}

std::string KwicText(const KwicLine& l) {
  std::string who = l.turn.speaker.empty() ? "?" : l.turn.speaker;
  if (l.turn.is_interviewer) who += " (interviewer)";
  return fmt::format("{} {} {}#{} {}: {}«{}»{}", l.turn.year, l.turn.type, l.turn.file, l.turn.number, who, l.left,
                     l.text, l.right);
}

}  // namespace kansrijk
