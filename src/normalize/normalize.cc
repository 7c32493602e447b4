#include "normalize/normalize.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cassert>
#include <memory>

namespace kansrijk {

Span OffsetMap::ToOriginal(Span normalized) const {
  if (segments_.empty()) return {0, 0};
  auto segment_at = [&](uint32_t byte) {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), byte,
                               [](uint32_t b, const Segment& s) { return b < s.normalized_begin; });
    return it == segments_.begin() ? segments_.begin() : std::prev(it);
  };
  if (normalized.begin >= normalized_size_) return {original_size_, original_size_};
  auto first = segment_at(normalized.begin);
  const uint32_t begin = first->original.begin + (first->run ? normalized.begin - first->normalized_begin : 0);
  if (normalized.empty()) return {begin, begin};
  const uint32_t back = std::min(normalized.end, normalized_size_) - 1;
  auto last = segment_at(back);
  return {begin, last->run ? last->original.begin + (back - last->normalized_begin) + 1 : last->original.end};
}

void OffsetMap::Append(uint32_t normalized_begin, Span original, uint32_t normalized_size) {
  const bool one_byte = normalized_size == 1 && original.size() == 1;
  if (one_byte && !segments_.empty()) {
    Segment& last = segments_.back();
    const bool follows = last.original.end == original.begin &&
                         last.normalized_begin + last.original.size() == normalized_begin;
    if (follows && last.run) {
      last.original.end = original.end;
      return;
    }
  }
  segments_.push_back({normalized_begin, original, one_byte});
}

void OffsetMap::PopBack() {
  Segment& last = segments_.back();
  if (last.run && last.original.size() > 1) {
    --last.original.end;
  } else {
    segments_.pop_back();
  }
}

void OffsetMap::SetSizes(uint32_t normalized_size, uint32_t original_size) {
  normalized_size_ = normalized_size;
  original_size_ = original_size;
}

namespace {

// Characters NFKC_Casefold leaves alone but that must not make two spellings differ.
UChar32 UnifyPunctuation(UChar32 c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x00B4: case 0x0060:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return '-';
    default:
      return u_isUWhiteSpace(c) ? ' ' : c;
  }
}

bool IsCombining(UChar32 c) {
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Folds one cluster (a base character and its combining marks) with ICU. Clusters are folded one at a
// time so that every output byte knows the original bytes it came from; NFKC never composes across a
// cluster boundary in Dutch text, so the result equals folding the whole string.
std::string FoldCluster(std::string_view cluster, bool fold_diacritics) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  static const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(cluster.data(), cluster.size()));
  text = nfkc_cf->normalize(text, status);
  if (fold_diacritics) text = nfd->normalize(text, status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (fold_diacritics && u_charType(c) == U_NON_SPACING_MARK) continue;
    kept.append(UnifyPunctuation(c));
  }
  if (fold_diacritics) kept = nfc->normalize(kept, status);
  assert(U_SUCCESS(status));
  std::string out;
  kept.toUTF8String(out);
  return out;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// If `text[hyphen]` ends a line inside a word ("samen-⏎werking"), returns where the continuation word
// starts; otherwise returns 0. The previous character must be a letter and the next word must start in
// lower case and must not be a conjunction (jeugd- en gezondheidszorg).
size_t LineEndHyphenContinuation(std::string_view text, size_t hyphen, bool after_letter) {
  if (!after_letter) return 0;
  size_t i = hyphen + (static_cast<unsigned char>(text[hyphen]) == 0xC2 ? 2 : 1);  // '-' or U+00AD
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (i < text.size() && text[i] == '\r') ++i;
  if (i >= text.size() || text[i] != '\n') return 0;
  ++i;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  size_t word_end = i;
  while (word_end < text.size() && !IsAsciiSpace(text[word_end])) ++word_end;
  std::string_view word = text.substr(i, word_end - i);
  for (std::string_view conjunction : {"en", "of", "tot", "t/m", "en/of"}) {
    if (word == conjunction || (word.size() == conjunction.size() + 1 && word.starts_with(conjunction) &&
                                (word.back() == ',' || word.back() == '.'))) {
      return 0;
    }
  }
  int32_t at = static_cast<int32_t>(i);
  UChar32 first = 0;
  U8_NEXT(text.data(), at, static_cast<int32_t>(text.size()), first);
  return u_islower(first) ? i : 0;
}

}  // namespace

NormalizedText Normalize(std::string_view original, const NormalizeOptions& options) {
  NormalizedText result;
  std::string& out = result.text;
  OffsetMap& map = result.to_original;
  out.reserve(original.size());
  const int32_t size = static_cast<int32_t>(original.size());
  bool last_was_letter = false;

  auto emit = [&](std::string_view piece, Span from) {
    if (piece.empty()) return;
    bool space = piece == " ";
    if (space && (out.empty() || out.back() == ' ')) return;
    map.Append(static_cast<uint32_t>(out.size()), from, static_cast<uint32_t>(piece.size()));
    out.append(piece);
  };

  for (int32_t i = 0; i < size;) {
    const int32_t begin = i;
    unsigned char byte = static_cast<unsigned char>(original[i]);
    // ASCII fast path, unless a combining mark follows (e + U+0301).
    if (byte < 0x80 && (i + 1 >= size || static_cast<unsigned char>(original[i + 1]) < 0x80)) {
      ++i;
      char c = static_cast<char>(byte);
      if (c == '-' && options.join_line_end_hyphens) {
        if (size_t next = LineEndHyphenContinuation(original, begin, last_was_letter)) {
          i = static_cast<int32_t>(next);
          continue;
        }
      }
      if (IsAsciiSpace(c)) c = ' ';
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      last_was_letter = (c >= 'a' && c <= 'z');
      emit(std::string_view(&c, 1), {static_cast<uint32_t>(begin), static_cast<uint32_t>(i)});
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(original.data(), i, size, c);
    if (c == 0xAD && options.join_line_end_hyphens) {  // soft hyphen at a line end: same as '-'
      if (size_t next = LineEndHyphenContinuation(original, begin, last_was_letter)) {
        i = static_cast<int32_t>(next);
        continue;
      }
    }
    while (i < size) {  // gather the combining marks of this cluster
      int32_t peek = i;
      UChar32 mark = 0;
      U8_NEXT(original.data(), peek, size, mark);
      if (!IsCombining(mark)) break;
      i = peek;
    }
    std::string folded = FoldCluster(original.substr(begin, i - begin), options.fold_diacritics);
    if (!folded.empty()) {
      int32_t first_at = 0;
      UChar32 first = 0;
      U8_NEXT(folded.data(), first_at, static_cast<int32_t>(folded.size()), first);
      last_was_letter = u_isalpha(first);
    }
    emit(folded, {static_cast<uint32_t>(begin), static_cast<uint32_t>(i)});
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
    map.PopBack();
  }
  map.SetSizes(static_cast<uint32_t>(out.size()), static_cast<uint32_t>(original.size()));
  return result;
}

std::vector<Token> Tokenize(std::string_view normalized) {
  // One word iterator per thread: creating one costs far more than using it.
  thread_local std::unique_ptr<icu::BreakIterator> words = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale("nl"), status));
    assert(U_SUCCESS(status));
    return it;
  }();
  std::vector<Token> tokens;
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, normalized.data(), static_cast<int64_t>(normalized.size()), &status);
  words->setText(text, status);
  int32_t begin = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; begin = end, end = words->next()) {
    if (words->getRuleStatus() == UBRK_WORD_NONE) continue;
    Span span{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    tokens.push_back({normalized.substr(begin, end - begin), span});
  }
  utext_close(text);
  return tokens;
}

std::vector<TokenAt> LocateTokens(const NormalizedText& normalized) {
  std::vector<TokenAt> out;
  for (const Token& token : Tokenize(normalized.text)) {
    out.push_back({token.span, normalized.to_original.ToOriginal(token.span)});
  }
  return out;
}

}  // namespace kansrijk
