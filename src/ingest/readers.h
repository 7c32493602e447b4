// The per-format readers behind ReadTranscript (internal to ingest/).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/read_transcript.h"

namespace pugi {
class xml_node;
}

namespace kansrijk::internal {

// Splits decoded text into lines (LF, CRLF or CR), refusing lines over the limit.
std::vector<SourceLine> SplitLines(std::string_view text, const std::string& name, const TranscriptLimits& limits);

// One paragraph of a .docx: its text, and whether all of it is bold (a speaker label on its own, in some exports).
struct Paragraph {
  std::string text;
  bool bold = false;
};

// The paragraphs of a .docx, in document order; w:br and w:cr inside one become '\n'. White space at the ends of
// a w:t counts only with xml:space="preserve", as in Word. `bytes` are the whole .docx file.
std::vector<Paragraph> ReadDocxParagraphs(std::string_view bytes, const std::string& name,
                                            const TranscriptLimits& limits);

// The paragraphs and headings of an OpenDocument text (content.xml), in document order, with the same
// contract: text:line-break inside one becomes '\n'; tracked deletions, notes and comments are left out.
// `bytes` are the whole .odt file.
std::vector<std::string> ReadOdtParagraphs(std::string_view bytes, const std::string& name,
                                           const TranscriptLimits& limits);

// The text layer of a PDF (poppler-cpp), page after page, one line per line of text in poppler's reading order.
// Lines that repeat at the top or bottom of every page (running headers and footers, "Pagina 3 van 12") and page
// numbers at a page's edge are left out, with one warning that says how many and shows some. Throws Error for a
// damaged PDF, one locked with a password, and one without a text layer (scanned: it needs OCR first).
std::string ReadPdfText(std::string_view bytes, const std::string& name, std::vector<Diagnostic>& warnings);

// The docx and odt readers walk the XML recursively: deeper nesting than this is refused (Error naming `part`),
// so an absurd file gives an error instead of a stack overflow.
constexpr int kMaxXmlDepth = 256;
void CheckXmlDepth(pugi::xml_node root, const std::string& name, const std::string& part);

// Throws Error naming the file and the part (word/document.xml, content.xml) unless `xml` is valid UTF-8 or
// UTF-16 with a byte order mark: pugixml would pass invalid bytes on into the database.
void RequireUtf8Xml(std::string_view xml, const std::string& name, const std::string& part, const std::string& hint);

// Cues of decoded WebVTT / SRT text, in file order (the header and NOTE/STYLE/REGION blocks skipped). Every word
// is kept: a cue whose times cannot be read has none, text after a blank line stays with its cue. What was odd
// (bad or negative times, an end before the start, overlapping or out-of-order cues, cue numbers out of
// sequence, malformed voice tags) is added to `warnings` at its line. Throws Error only for a .vtt without its
// WEBVTT line and a .srt without a single timing line.
std::vector<Cue> ParseVtt(std::string_view text, const std::string& name, std::vector<Diagnostic>& warnings);
std::vector<Cue> ParseSrt(std::string_view text, const std::string& name, std::vector<Diagnostic>& warnings);

}  // namespace kansrijk::internal
