// What ingest hands on: a transcript split into speaker turns, with the document's metadata.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace kansrijk {

enum class DocumentType { kInterview, kFocusGroup };

// "interview" or "focusgroep", as stored and shown.
const char* ToString(DocumentType type);
// Accepts interview, focusgroep, focusgroup, focus group, fg (any case); nullopt for anything else.
std::optional<DocumentType> ParseDocumentType(std::string_view text);

struct DocumentMeta {
  int year = 0;
  DocumentType type = DocumentType::kInterview;
  // Further manifest columns (role, municipality, ...), by column name; reports can group by them.
  std::map<std::string, std::string> variables;
  // Speaker labels that are interviewers in this document, on top of the corpus-wide list.
  std::vector<std::string> interviewers;
};

// A maximal run of text by one speaker. Numbered from 1 in document order.
struct Turn {
  int number = 0;
  std::string speaker;  // the label as written ("R3", "Jansen, Petra"); empty when unknown
  bool is_interviewer = false;
  std::optional<int64_t> start_ms;  // from a timestamp or cue timing, when the file has one
  std::optional<int64_t> end_ms;    // from cue timings (VTT, SRT)
  int line = 0;  // where the turn starts: line of a text file, paragraph of a docx or odt, line of a cue
  // The turn's original text without speaker label and timestamps; its lines joined with '\n'.
  std::string text;
};

struct Transcript {
  std::string format;    // txt, md, docx, odt, pdf, vtt, srt
  std::string encoding;  // UTF-8, UTF-16LE, UTF-16BE, windows-1252, ...
  int encoding_confidence = 100;  // ICU's charset-detector confidence; 100 when a BOM or valid UTF-8 decides
  std::vector<Diagnostic> warnings;  // things the user should check (unsure encoding, dropped control characters)
  std::vector<Turn> turns;
};

}  // namespace kansrijk
