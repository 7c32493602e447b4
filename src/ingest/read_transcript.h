// Reads one transcript file into speaker turns.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "ingest/speaker_turns.h"
#include "ingest/transcript.h"

namespace kansrijk {

struct TranscriptLimits {
  size_t max_file_bytes = 200u << 20;      // a transcript larger than this is refused
  size_t max_line_bytes = 1u << 20;        // one line or paragraph longer than this is refused
  size_t max_document_xml_bytes = 64u << 20;  // word/document.xml or content.xml inflating past this is a zip bomb
};

// True for the extensions we read: .txt .md .docx .odt .pdf .vtt .srt (any case), and .rtf, which is refused with
// a clear error rather than skipped.
bool IsTranscriptFile(const std::filesystem::path& path);

// Reads `path` (txt/md in any common encoding, docx, odt, a PDF with a text layer, WebVTT or SRT) and splits it
// into speaker turns, marking interviewer turns with `interviewers` (when none is marked, ingest guesses one:
// interviewer_guess.h).
// `name` is how errors name the file (relative to the corpus root). Throws Error naming the file, and the line,
// paragraph or cue where it can, when the file is empty, binary, not decodable, not the format its extension
// says, a PDF without text (scanned) or locked, an .rtf, or over a limit.
Transcript ReadTranscript(const std::filesystem::path& path, const std::string& name,
                          const InterviewerLabels& interviewers, const TranscriptLimits& limits = {});

// The bytes of a transcript file, refused (Error naming `name`) when the file is missing, unreadable or larger
// than limits.max_file_bytes. With ParseTranscript, a caller that also needs the bytes (ingest fingerprints
// them) reads the file once: ReadTranscript(path, ...) == ParseTranscript(ReadTranscriptBytes(path, ...), path, ...).
std::string ReadTranscriptBytes(const std::filesystem::path& path, const std::string& name,
                                const TranscriptLimits& limits = {});

// ReadTranscript of a file's `bytes`; `path` only gives the format (by its extension).
Transcript ParseTranscript(std::string_view bytes, const std::filesystem::path& path, const std::string& name,
                           const InterviewerLabels& interviewers, const TranscriptLimits& limits = {});

}  // namespace kansrijk
