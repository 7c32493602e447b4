// How the import finds our document for each of a project's text sources, and where a selection lands in it.
// Internal to exchange/; the rules are in docs/qdpx.md.
//
//   std::vector<OurDocument> ours = OurDocuments(RenderDocuments(store));
//   SourceMatch match = MatchSource(SourceText(bytes), ours);       // same text, else by distinctive turns
//   auto placed = Locate(text, *match.document, match.exact, start, end);  // code points of DocumentText
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/document_text.h"

namespace kansrijk::qdpx {

// A source's text in code points: as written (BOM dropped) and with every CRLF (or lone CR) as one LF.
struct SourceText {
  std::u32string raw, lf;
  std::vector<uint32_t> raw_to_lf;  // for every index of raw, and its end, the index in lf
  std::string lf_utf8;
  bool has_crlf = false;

  explicit SourceText(std::string_view utf8);
  // Code points [start, end) of `lf` as UTF-8.
  std::string Utf8(size_t start, size_t end) const;
};

// How a project counts a CRLF line end: as one code point (ATLAS.ti) or as the two it is (NVivo, the spec).
enum class Convention { kCrLfIsOne, kCrLfIsTwo };

// A selection's [start, end) in code points of SourceText::lf; nullopt when it lies beyond the text.
std::optional<std::pair<size_t, size_t>> ToLf(const SourceText& text, int64_t start, int64_t end,
                                              Convention convention);

// The stored documents, as the import compares them: their text, and their longer turns whitespace-collapsed.
struct OurDocument {
  std::string file;
  const DocumentText* text = nullptr;
  std::string trimmed;                   // text without trailing white space
  std::vector<std::string> distinctive;  // turns of 16 bytes or more, whitespace collapsed
};

// OurDocument of every text; they point into `texts`, which must outlive them.
std::vector<OurDocument> OurDocuments(const std::map<std::string, DocumentText>& texts);

struct SourceMatch {
  const OurDocument* document = nullptr;  // nullptr: no match
  bool exact = false;                     // the same text: positions carry over as they are
  std::string how;                        // "by content: 12 of 14 turns found", or why nothing matched
};

// Our document with the same text (trailing white space aside); else the document with the most of its
// distinctive turns (16 bytes or more, white space collapsed) found in the source's text, when more than
// half of them are found and no other document has as many.
SourceMatch MatchSource(const SourceText& text, const std::vector<OurDocument>& ours);

// Where code points [start, end) of `text.lf` land in `document`: code points of its DocumentText, or nullopt.
// An exact match carries positions over; otherwise the selected text is looked up, nearest to where it
// lies in the source.
std::optional<std::pair<size_t, size_t>> Locate(const SourceText& text, const OurDocument& document, bool exact,
                                                size_t start, size_t end);

// What DecideConvention weighs: one matched source and its selections' positions as written.
struct SelectionPosition {
  int64_t start = 0, end = 0;  // start < end
  std::string name;            // PlainTextSelection/@name, perhaps empty
};
struct SourceEvidence {
  const SourceText* text = nullptr;
  const OurDocument* document = nullptr;
  bool exact = false;
  std::vector<SelectionPosition> selections;
};
struct ConventionChoice {
  Convention convention = Convention::kCrLfIsTwo;
  std::string why;  // "CRLF counted as one code point (the selections' names: 3 of 3 agree)"
};

// For texts with CRLF line ends: do the positions count a CRLF as one code point or as two? Evidence, in
// order: the selections' `name` snippets (which reading gives text that starts like the name); else where
// the selections fall in our text (inside one turn, at word boundaries); else the origin (ATLAS.ti counts
// one); else two, the file's own code points, as REFI-QDA §10.2 counts. nullopt when no source has a CRLF.
std::optional<ConventionChoice> DecideConvention(const std::vector<SourceEvidence>& sources, std::string_view origin);

}  // namespace kansrijk::qdpx
