#include "segment/segment.h"

#include <re2/re2.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cassert>
#include <memory>
#include <string>

#include "base/utf8.h"

namespace kansrijk {

namespace {

bool IsAbbreviation(std::string_view word) {
  std::string lower = AsciiLower(word);
  const auto& list = DutchAbbreviations();
  return std::find(list.begin(), list.end(), lower) != list.end();
}

// ICU's sentence rules, then our Dutch abbreviations. ICU has no Dutch exceptions (no brkitr/nl.txt), and
// its FilteredBreakIteratorBuilder matches an abbreviation at the end of any word ("ing." inside
// "samenwerking."), so we join a sentence to the next one ourselves when it ends in a whole abbreviation.
// Abbreviations that usually end a sentence (enz., etc.) are not in the list.
std::vector<Span> Sentences(std::string_view text) {
  thread_local std::unique_ptr<icu::BreakIterator> sentences = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale("nl"), status));
    assert(U_SUCCESS(status));
    return it;
  }();
  // Line ends inside a turn are wraps or paragraph breaks of one speaker; a sentence may run across them.
  // Replacing them by spaces keeps every byte offset.
  std::string flat(text);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, flat.data(), static_cast<int64_t>(flat.size()), &status);
  sentences->setText(utext, status);
  std::vector<Span> out;
  bool join = false;
  int32_t begin = sentences->first();
  for (int32_t end = sentences->next(); end != icu::BreakIterator::DONE; begin = end, end = sentences->next()) {
    int32_t b = begin, e = end;
    while (b < e && (flat[b] == ' ' || flat[b] == '\t' || flat[b] == '\r')) ++b;
    while (e > b && (flat[e - 1] == ' ' || flat[e - 1] == '\t' || flat[e - 1] == '\r')) --e;
    if (e <= b) continue;
    if (join) {
      out.back().end = static_cast<uint32_t>(e);
    } else {
      out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    }
    size_t word_start = flat.find_last_of(" \t(\"'", static_cast<size_t>(e) - 1);
    word_start = word_start == std::string::npos || word_start < static_cast<size_t>(b) ? b : word_start + 1;
    join = IsAbbreviation(std::string_view(flat).substr(word_start, e - word_start));
  }
  utext_close(utext);
  return out;
}

std::vector<Span> Annotations(std::string_view text) {
  // Square brackets are the transcriber's by convention; round ones only for the usual notes and pauses,
  // since "(GGD)" in round brackets is what someone said.
  static const RE2 re(
      R"((\[[^\[\]\n]{1,60}\]|\((?:\.{2,}|…|\s*(?:lacht|lachen|gelach|stilte|pauze|zucht|onverstaanbaar|onhoorbaar|unv\.?|inaudible|door elkaar|telefoon|hoest)[^()\n]{0,30})\)))");
  std::vector<Span> out;
  re2::StringPiece input(text.data(), text.size()), match;
  while (RE2::FindAndConsume(&input, re, &match)) {
    uint32_t begin = static_cast<uint32_t>(match.data() - text.data());
    out.push_back({begin, begin + static_cast<uint32_t>(match.size())});
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& DutchAbbreviations() {
  static const std::vector<std::string_view> list = {
      "o.a.", "bijv.", "bv.", "b.v.", "d.w.z.", "m.a.w.", "i.p.v.", "i.v.m.", "t.a.v.", "t.o.v.", "m.b.t.", "n.a.v.",
      "o.b.v.", "t.b.v.", "i.o.m.", "z.s.m.", "dhr.", "mw.", "mevr.", "mr.", "dr.", "drs.", "ir.", "ing.", "prof.",
      "nr.", "art.", "blz.", "ca.", "vs.", "resp.", "evt.", "incl.", "excl.", "zgn.", "jl.", "a.s.", "d.d.", "tel.",
      "min.", "max.", "gem.", "st.", "mln.", "mld."};
  return list;
}

SegmentedTurn SegmentTurn(std::string_view text) {
  SegmentedTurn result;
  result.normalized = Normalize(text);
  result.sentences = Sentences(text);
  result.annotations = Annotations(text);
  result.tokens = LocateTokens(result.normalized);
  for (const TokenAt& token : result.tokens) {
    const Span& original = token.original;
    bool annotated = std::any_of(result.annotations.begin(), result.annotations.end(), [&](const Span& a) {
      return original.begin >= a.begin && original.end <= a.end;
    });
    if (!annotated) ++result.words;
  }
  return result;
}

}  // namespace kansrijk
