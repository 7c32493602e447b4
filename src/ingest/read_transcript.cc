#include "ingest/read_transcript.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/error.h"
#include "base/file.h"
#include "base/decode.h"
#include "base/utf8.h"
#include "ingest/readers.h"

namespace kansrijk {

namespace {

std::string Extension(const std::filesystem::path& path) {
  std::string ext = AsciiLower(path.extension().string());
  return ext.empty() ? ext : ext.substr(1);
}

}  // namespace

bool IsTranscriptFile(const std::filesystem::path& path) {
  std::string ext = Extension(path);
  return ext == "txt" || ext == "md" || ext == "docx" || ext == "odt" || ext == "vtt" || ext == "srt" ||
         ext == "pdf" || ext == "rtf";
}

std::string ReadTranscriptBytes(const std::filesystem::path& path, const std::string& name,
                                const TranscriptLimits& limits) {
  return ReadFile(path, {.name = name,
                         .max_bytes = limits.max_file_bytes,
                         .limit_for = "one transcript",
                         .too_large_hint = "split it into several transcripts"});
}

Transcript ReadTranscript(const std::filesystem::path& path, const std::string& name,
                          const InterviewerLabels& interviewers, const TranscriptLimits& limits) {
  return ParseTranscript(ReadTranscriptBytes(path, name, limits), path, name, interviewers, limits);
}

Transcript ParseTranscript(std::string_view bytes, const std::filesystem::path& path, const std::string& name,
                           const InterviewerLabels& interviewers, const TranscriptLimits& limits) {
  Transcript transcript;
  transcript.format = Extension(path);
  auto turns_from_lines = [&](const std::vector<SourceLine>& lines) {
    size_t first = transcript.warnings.size();
    std::vector<Turn> turns = TurnsFromLines(lines, interviewers, &transcript.warnings);
    for (size_t i = first; i < transcript.warnings.size(); ++i) transcript.warnings[i].where.file = name;
    return turns;
  };
  if (transcript.format == "rtf") {
    // No Debian library reads RTF into paragraphs (unrtf and the like are programs, not libraries), and a
    // hand-written RTF reader is not worth it: Word and LibreOffice save any RTF as .docx or .odt in a click.
    throw Error({name}, "RTF files are not read", "open it in Word or LibreOffice and save it as .docx or .odt");
  }
  if (transcript.format == "pdf") {
    transcript.encoding = "UTF-8";
    std::string text = internal::ReadPdfText(bytes, name, transcript.warnings);
    transcript.turns = turns_from_lines(internal::SplitLines(text, name, limits));
  } else if (transcript.format == "docx" || transcript.format == "odt") {
    // Paragraphs become numbered lines: a turn's line is its paragraph, and turn text stays a view of it.
    std::vector<internal::Paragraph> paragraphs;
    if (transcript.format == "docx") {
      paragraphs = internal::ReadDocxParagraphs(bytes, name, limits);
    } else {
      for (std::string& text : internal::ReadOdtParagraphs(bytes, name, limits)) paragraphs.push_back({std::move(text)});
    }
    std::vector<SourceLine> lines;
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      for (const SourceLine& line : internal::SplitLines(paragraphs[i].text, name, limits)) {
        lines.push_back({line.text, static_cast<int>(i) + 1, paragraphs[i].bold});
      }
    }
    transcript.encoding = "UTF-8";
    transcript.turns = turns_from_lines(lines);
  } else {
    DecodedText decoded = DecodeText(bytes, name);
    transcript.encoding = decoded.encoding;
    transcript.encoding_confidence = decoded.confidence;
    if (decoded.unsure) {
      transcript.warnings.push_back(
          {{name},
           fmt::format("encoding detected as {} with low confidence ({}%); check the text, or save the file as UTF-8",
                       decoded.encoding, decoded.confidence)});
    }
    if (decoded.dropped_controls > 0) {
      transcript.warnings.push_back(
          {{name}, fmt::format("removed {} control characters from the text", decoded.dropped_controls)});
    }
    if (transcript.format == "vtt") {
      transcript.turns = TurnsFromCues(internal::ParseVtt(decoded.text, name, transcript.warnings), interviewers);
    } else if (transcript.format == "srt") {
      transcript.turns = TurnsFromCues(internal::ParseSrt(decoded.text, name, transcript.warnings), interviewers);
    } else {
      transcript.turns = turns_from_lines(internal::SplitLines(decoded.text, name, limits));
    }
  }
  if (transcript.turns.empty()) {
    throw Error({name}, "the file holds no transcript text", "check that it is the right file and not empty");
  }

  return transcript;
}

}  // namespace kansrijk
