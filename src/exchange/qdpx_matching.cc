#include "exchange/qdpx_matching.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "base/utf8.h"
#include "exchange/qdpx_common.h"

namespace kansrijk::qdpx {

namespace {

constexpr size_t kDistinctiveBytes = 16;

bool IsWordChar(char32_t c) { return u_isalnum(static_cast<UChar32>(c)); }

// Does the selection start and end at word boundaries (as people select text)?
int Boundaries(const std::u32string& text, size_t start, size_t end) {
  int out = 0;
  if (start == 0 || start >= text.size() || !IsWordChar(text[start - 1]) || !IsWordChar(text[start])) ++out;
  if (end == 0 || end >= text.size() || !IsWordChar(text[end - 1]) || !IsWordChar(text[end])) ++out;
  return out;
}

// A `name` snippet (ATLAS.ti, NVivo, ours: the start of the selected text, perhaps cut with "…") fits `text`.
bool NameFits(std::string_view name, std::string_view text) {
  std::string snippet = CollapseWhitespace(name);
  for (std::string_view cut : {"…", "..."}) {
    if (std::string_view(snippet).ends_with(cut)) snippet.resize(snippet.size() - cut.size());
  }
  snippet = TrimEnd(snippet);
  if (snippet.empty()) return false;
  return CollapseWhitespace(text).starts_with(snippet);
}

// The windows of kDistinctiveBytes bytes of a text, hashed, for finding many turns in it quickly.
class WindowIndex {
 public:
  explicit WindowIndex(std::string text) : text_(std::move(text)) {
    if (text_.size() < kDistinctiveBytes) return;
    windows_.reserve(text_.size() - kDistinctiveBytes + 1);
    for (size_t i = 0; i + kDistinctiveBytes <= text_.size(); ++i) {
      windows_.emplace_back(std::hash<std::string_view>()(std::string_view(text_).substr(i, kDistinctiveBytes)), i);
    }
    std::sort(windows_.begin(), windows_.end());
  }
  bool Contains(const std::string& needle) const {
    if (needle.size() < kDistinctiveBytes) return text_.find(needle) != std::string::npos;
    size_t hash = std::hash<std::string_view>()(std::string_view(needle).substr(0, kDistinctiveBytes));
    auto it = std::lower_bound(windows_.begin(), windows_.end(), std::pair<size_t, size_t>{hash, 0});
    for (; it != windows_.end() && it->first == hash; ++it) {
      if (text_.compare(it->second, needle.size(), needle) == 0) return true;
    }
    return false;
  }

 private:
  std::string text_;
  std::vector<std::pair<size_t, size_t>> windows_;  // (hash, offset)
};

}  // namespace

SourceText::SourceText(std::string_view utf8) {
  utf8 = WithoutBom(utf8);
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    raw.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  raw_to_lf.reserve(raw.size() + 1);
  for (size_t i = 0; i < raw.size(); ++i) {
    raw_to_lf.push_back(static_cast<uint32_t>(lf.size()));
    if (raw[i] == U'\r') {
      has_crlf = true;
      if (i + 1 < raw.size() && raw[i + 1] == U'\n') continue;  // the LF follows
      lf.push_back(U'\n');
    } else {
      lf.push_back(raw[i]);
    }
  }
  raw_to_lf.push_back(static_cast<uint32_t>(lf.size()));
  lf_utf8 = Utf8(0, lf.size());
}

std::string SourceText::Utf8(size_t start, size_t end) const {
  std::string out;
  for (size_t i = start; i < end && i < lf.size(); ++i) {
    char buffer[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buffer), n, static_cast<UChar32>(lf[i]));  // valid: see above
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

std::optional<std::pair<size_t, size_t>> ToLf(const SourceText& text, int64_t start, int64_t end,
                                              Convention convention) {
  if (start < 0 || end < start) return std::nullopt;
  auto s = static_cast<size_t>(start), e = static_cast<size_t>(end);
  if (!text.has_crlf || convention == Convention::kCrLfIsOne) {
    if (e > text.lf.size()) return std::nullopt;
    return std::pair{s, e};
  }
  if (e > text.raw.size()) return std::nullopt;
  return std::pair<size_t, size_t>{text.raw_to_lf[s], text.raw_to_lf[e]};
}

std::vector<OurDocument> OurDocuments(const std::map<std::string, DocumentText>& texts) {
  std::vector<OurDocument> ours;
  for (const auto& [file, text] : texts) {
    OurDocument d{file, &text, TrimEnd(text.text()), {}};
    for (const DocumentText::Part& part : text.parts()) {
      std::string turn = CollapseWhitespace(std::string_view(text.text()).substr(part.bytes.begin, part.bytes.size()));
      if (turn.size() >= kDistinctiveBytes) d.distinctive.push_back(std::move(turn));
    }
    ours.push_back(std::move(d));
  }
  return ours;
}

SourceMatch MatchSource(const SourceText& text, const std::vector<OurDocument>& ours) {
  SourceMatch match;
  std::string trimmed = TrimEnd(text.lf_utf8);
  for (const OurDocument& d : ours) {
    if (d.trimmed == trimmed) {
      match.document = &d;
      match.exact = true;
      return match;
    }
  }
  WindowIndex index(CollapseWhitespace(text.lf_utf8));
  const OurDocument* best = nullptr;
  size_t best_found = 0, tied = 0;
  for (const OurDocument& d : ours) {
    size_t found = 0;
    for (const std::string& turn : d.distinctive) found += index.Contains(turn) ? 1 : 0;
    if (found == 0) continue;
    if (found > best_found) {
      best = &d;
      best_found = found;
      tied = 0;
    } else if (found == best_found) {
      ++tied;
    }
  }
  if (!best) {
    match.how = "no document in the database has this text, nor any of its turns";
  } else if (best_found * 2 <= best->distinctive.size()) {
    match.how = fmt::format("no document in the database has this text (closest: {}, with {} of its {} turns found)",
                      best->file, best_found, best->distinctive.size());
  } else if (tied > 0) {
    match.how = fmt::format("ambiguous: {} and {} other document(s) each have {} turns in this text", best->file, tied,
                      best_found);
  } else {
    match.document = best;
    match.how = fmt::format("by content: {} of its {} turns found", best_found, best->distinctive.size());
  }
  return match;
}

std::optional<std::pair<size_t, size_t>> Locate(const SourceText& source_text, const OurDocument& document, bool exact,
                                                size_t start, size_t end) {
  const DocumentText& ours = *document.text;
  if (exact) return std::pair{std::min(start, ours.size()), std::min(end, ours.size())};
  std::string text = source_text.Utf8(start, end);
  const std::string& target = ours.text();
  double relative =
      source_text.lf.empty() ? 0.0 : static_cast<double>(start) / static_cast<double>(source_text.lf.size());
  double expected = relative * static_cast<double>(target.size());
  std::optional<size_t> nearest;
  for (size_t at = target.find(text); at != std::string::npos; at = target.find(text, at + 1)) {
    if (!nearest || std::abs(static_cast<double>(at) - expected) < std::abs(static_cast<double>(*nearest) - expected))
      nearest = at;
  }
  if (!nearest) return std::nullopt;
  return std::pair{ours.CodePointOf(*nearest), ours.CodePointOf(*nearest + text.size())};
}

std::optional<ConventionChoice> DecideConvention(const std::vector<SourceEvidence>& sources, std::string_view origin) {
  int votes[2] = {0, 0}, named = 0, scores[2] = {0, 0};
  bool any = false;
  for (const SourceEvidence& source : sources) {
    if (!source.text->has_crlf) continue;
    any = true;
    for (const SelectionPosition& selection : source.selections) {
      const std::string& name = selection.name;
      bool fits[2] = {false, false};
      for (Convention c : {Convention::kCrLfIsOne, Convention::kCrLfIsTwo}) {
        int i = static_cast<int>(c);
        auto range = ToLf(*source.text, selection.start, selection.end, c);
        if (!range) {
          scores[i] -= 10;
          continue;
        }
        fits[i] = !name.empty() && NameFits(name, source.text->Utf8(range->first, range->second));
        scores[i] += Boundaries(source.text->lf, range->first, range->second);
        if (auto placed = Locate(*source.text, *source.document, source.exact, range->first, range->second)) {
          std::vector<TurnSpan> parts = source.document->text->TurnSpans(placed->first, placed->second);
          if (parts.size() == 1) scores[i] += 2;
        }
      }
      if (fits[0] != fits[1]) {
        ++votes[fits[0] ? 0 : 1];
        ++named;
      }
    }
  }
  if (!any) return std::nullopt;
  auto decide = [&](Convention c, const std::string& why) {
    return ConventionChoice{c, fmt::format("CRLF counted as {} ({})",
                                           c == Convention::kCrLfIsOne ? "one code point" : "two code points", why)};
  };
  if (votes[0] != votes[1]) {
    int winner = votes[0] > votes[1] ? 0 : 1;
    return decide(static_cast<Convention>(winner),
                  fmt::format("the selections' names: {} of {} agree", votes[winner], named));
  } else if (scores[0] != scores[1]) {
    return decide(scores[0] > scores[1] ? Convention::kCrLfIsOne : Convention::kCrLfIsTwo,
                  "where the selections fall in our text");
  } else if (Lower(origin).find("atlas") != std::string::npos) {
    return decide(Convention::kCrLfIsOne, "ATLAS.ti counts a line end as one");
  } else {
    return decide(Convention::kCrLfIsTwo, "the file's own code points, as REFI-QDA counts them");
  }
}

}  // namespace kansrijk::qdpx
