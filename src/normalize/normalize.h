// Dutch text normalisation for matching and search, with a map back to the original bytes.
//
//   NormalizedText n = Normalize("Co\u00F6rdinatie \uFB01nanciering");
//   n.text == "coordinatie financiering"
//   n.to_original.ToOriginal({12, 24}) == Span{13, 27}  // the "ﬁnanciering" bytes of the original
//
// The original text is never changed: quotes and exports are cut from it through ToOriginal.
// Documents, search queries and codebook terms all go through the same Normalize, so they always agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"

namespace kansrijk {

// Maps byte spans of a normalised text back to byte spans of the text it came from.
class OffsetMap {
 public:
  // The smallest span of the original that produced every byte of `normalized`. An empty span maps
  // to an empty span at the corresponding original position.
  Span ToOriginal(Span normalized) const;

  // Used by Normalize: the next `normalized_begin` byte onwards (until the next segment) came from `original`.
  // A byte that came from one byte, right after the bytes before it, extends their run instead: most text is
  // ASCII, and a segment per byte made the map twelve times the text.
  void Append(uint32_t normalized_begin, Span original, uint32_t normalized_size);
  void PopBack();  // forgets the last byte appended
  void SetSizes(uint32_t normalized_size, uint32_t original_size);

 private:
  struct Segment {
    uint32_t normalized_begin;
    Span original;
    bool run = false;  // byte i of the segment came from byte i of `original` alone
  };
  std::vector<Segment> segments_;
  uint32_t normalized_size_ = 0;
  uint32_t original_size_ = 0;
};

struct NormalizedText {
  std::string text;
  OffsetMap to_original;
};

struct NormalizeOptions {
  // Strip diacritics after case folding (coördinatie → coordinatie, één → een).
  bool fold_diacritics = true;
  // Join words hyphenated at a line end (samen-⏎werking → samenwerking) unless the next word is
  // en/of/tot/t/m (jeugd- en gezondheidszorg stays).
  bool join_line_end_hyphens = true;
};

// NFKC with case folding (ICU), soft hyphens and zero-width characters removed, curly quotes,
// apostrophes and dashes unified to ' " -, every kind of space to a plain space, the IJ ligature to
// "ij", diacritics folded, line-end hyphenation joined, white space collapsed and trimmed.
// `original` must be valid UTF-8 (ingest guarantees it).
NormalizedText Normalize(std::string_view original, const NormalizeOptions& options = {});

// A word or number of a normalised text (ICU word boundaries, Dutch); punctuation is dropped.
struct Token {
  std::string_view text;  // into the normalised text
  Span span;              // bytes of the normalised text
};
std::vector<Token> Tokenize(std::string_view normalized);

// A token of a normalised text by where it is: its bytes there and in the original (OffsetMap::ToOriginal).
// What a turn's later stages share, made once per turn (segment.h), so the text is word-broken once.
struct TokenAt {
  Span normalized;
  Span original;
};
std::vector<TokenAt> LocateTokens(const NormalizedText& normalized);

}  // namespace kansrijk
