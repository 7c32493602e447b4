// The per-format readers behind ReadTranscript (internal to ingest/).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/read_transcript.h"

namespace kansrijk::internal {

// Splits decoded text into lines (LF, CRLF or CR), refusing lines over the limit.
std::vector<SourceLine> SplitLines(std::string_view text, const std::string& name, const TranscriptLimits& limits);

// The paragraphs of a .docx, in document order; w:br and w:cr inside one become '\n'.
// `bytes` are the whole .docx file.
std::vector<std::string> ReadDocxParagraphs(std::string_view bytes, const std::string& name,
                                            const TranscriptLimits& limits);

// Cues of decoded WebVTT / SRT text (the header and NOTE/STYLE/REGION blocks skipped).
std::vector<Cue> ParseVtt(std::string_view text, const std::string& name);
std::vector<Cue> ParseSrt(std::string_view text, const std::string& name);

}  // namespace kansrijk::internal
