// WebVTT (W3C: header, blocks, <v> voice spans) and SRT (numbered cues) into cues, read liberally: real exports
// (Teams, Zoom, WhisperX, noScribe, Otter, hand edits) bend both formats, and a transcript must keep every word.
// What is odd becomes a warning at its line; only a .vtt without its header is refused.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "base/error.h"
#include "base/utf8.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

enum class Format { kVtt, kSrt };

bool IsBlank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

re2::StringPiece Piece(std::string_view text) { return re2::StringPiece(text.data(), text.size()); }

// "00:01:02.500", "0:0:0.0", "12:22,380", "1:02:03" → milliseconds. Hours are optional; minutes may pass 59
// when there are none (an hour-long recording written as mm:ss). nullopt when it is not a time.
std::optional<int64_t> ParseCueTime(std::string_view text) {
  static const RE2 re(R"((?:(\d+):)?(\d{1,3}):(\d{1,2})(?:[.,](\d+))?)");
  re2::StringPiece hours;
  int minutes = 0, seconds = 0;
  std::string fraction;
  if (!RE2::FullMatch(Piece(text), re, &hours, &minutes, &seconds, &fraction) || seconds > 59 ||
      (!hours.empty() && minutes > 59) || hours.size() > 6) {
    return std::nullopt;
  }
  int64_t h = hours.empty() ? 0 : std::stoll(std::string(hours.data(), hours.size()));
  fraction.resize(3, '0');  // "5" is 500 ms; digits past the third are dropped
  return ((h * 60 + minutes) * 60 + seconds) * 1000 + std::stoi(fraction);
}

std::string FormatCueTime(int64_t ms) {
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

struct TimingParts {
  std::string start, arrow, end;
};

// A timing line: "start --> end [settings]", also with a mistyped arrow ("00:01 -> 00:02") when both sides are
// times. A line that merely contains "-->" in a sentence is text, since its first word is not a time.
std::optional<TimingParts> SplitTiming(std::string_view line) {
  static const RE2 re(R"(^\s*(\S*?)\s*(-->|-+>|–>|—>|→)\s*(\S*)(?:\s.*)?$)");
  static const RE2 time_like(R"(-?\d[\d:.,]*:[\d:.,]*)");
  static const RE2 digit(R"(\d)");
  TimingParts parts;
  if (!RE2::FullMatch(Piece(line), re, &parts.start, &parts.arrow, &parts.end)) return std::nullopt;
  if (parts.arrow == "-->") {  // a time with a missing start is still a (malformed) timing line
    bool times = RE2::PartialMatch(parts.start, digit) || (parts.start.empty() && RE2::PartialMatch(parts.end, digit));
    return times ? std::optional(parts) : std::nullopt;
  }
  bool times = RE2::FullMatch(parts.start, time_like) && RE2::FullMatch(parts.end, time_like);
  return times ? std::optional(parts) : std::nullopt;
}

bool IsTimingLine(std::string_view line) { return SplitTiming(line).has_value(); }

struct Timing {
  std::optional<int64_t> start_ms, end_ms;
};

// The start and end of a timing line. A time that cannot be read leaves the cue without a time, with a warning;
// an end before the start is left out.
Timing ParseTiming(std::string_view line, const std::string& name, int number, std::vector<Diagnostic>& warnings) {
  TimingParts parts = *SplitTiming(line);
  Timing timing;
  if (parts.start.starts_with('-') || parts.end.starts_with('-')) {
    warnings.push_back(
        {{name, number}, fmt::format("negative cue time in '{}': the cue is kept without a time", line)});
    return timing;
  }
  timing.start_ms = ParseCueTime(parts.start);
  timing.end_ms = ParseCueTime(parts.end);
  if (!timing.start_ms || !timing.end_ms) {
    warnings.push_back(
        {{name, number}, fmt::format("malformed cue timing line '{}': the cue is kept without a time", line)});
    return {};
  }
  if (parts.arrow != "-->") {
    warnings.push_back({{name, number}, fmt::format("malformed cue timing line '{}': read as {} --> {}", line,
                                                    FormatCueTime(*timing.start_ms), FormatCueTime(*timing.end_ms))});
  }
  if (*timing.end_ms < *timing.start_ms) {
    warnings.push_back(
        {{name, number}, fmt::format("cue ends before it starts: '{}'; its end time is left out", line)});
    timing.end_ms.reset();
  }
  return timing;
}

// Drops tags (<b>, </i>, <c.x>, <00:00:17.500>, <lang nl>, </v>, <font color="..">) and the SSA override codes
// that subtitle editors leave in SRT ("{\an8}", which would hide a "Name: " label), and decodes entities. A '<'
// that does not open a tag closed on the same line is text ("a < b"), so no word is lost to a stray bracket.
void AppendDecoded(std::string_view text, std::string& out) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
      {"&nbsp;", "\u00A0"}, {"&lrm;", ""}, {"&rlm;", ""}};
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      size_t close = text.find_first_of("<>\n", i + 1);
      if (close != std::string_view::npos && text[close] == '>') {
        i = close + 1;
        continue;
      }
    }
    if (text.substr(i).starts_with("{\\")) {
      size_t close = text.find_first_of("{}\n", i + 1);
      if (close != std::string_view::npos && text[close] == '}') {
        i = close + 1;
        continue;
      }
    }
    if (text[i] == '&') {
      bool replaced = false;
      for (auto [entity, value] : kEntities) {
        if (text.substr(i).starts_with(entity)) {
          out += value;
          i += entity.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += text[i++];
  }
}

// Stands in for the name of a voice tag whose name cannot be told from its words. Decoded text holds no control
// characters (base/decode.h drops them), so it cannot be a real name.
constexpr char kUnnamedVoice[] = "\x01";

// Splits cue text at <v Name> voice spans: each span is a cue of its own speaker. The end tag </v> is optional
// (the spec allows leaving it out). "<V Name>", "< v Name >" are read too; "<v>" without a name and a "<v Name"
// never closed are warned about, and their words form a turn of an unknown speaker.
void AddCueText(std::string text, const Cue& cue, const std::vector<std::string>& known_voices,
                const std::string& name, std::vector<Diagnostic>& warnings, std::vector<Cue>& cues) {
  static const RE2 voice(R"((?i)(<[ \t]*v(?:\.[^\s<>]*)*(?:[ \t]+([^<>\n]*))?>))");
  static const RE2 unclosed(R"((?i)(<[ \t]*v(?:\.[^\s<>]*)*[ \t]+)([^<>\n]*)(?:<|\n|$))");
  re2::StringPiece open, rest;
  while (RE2::PartialMatch(text, unclosed, &open, &rest)) {
    size_t at = static_cast<size_t>(open.data() - text.data());
    std::string tag = std::string(open.data(), open.size()) + std::string(rest.data(), rest.size());
    // "<v Interviewer Wat deed u?": when the words start with a voice named elsewhere in the file, that is the
    // speaker; otherwise where the name ends cannot be known.
    auto known = std::find_if(known_voices.begin(), known_voices.end(), [&](const std::string& voice_name) {
      std::string_view words(rest.data(), rest.size());
      return words.starts_with(voice_name) && (words.size() == voice_name.size() || words[voice_name.size()] == ' ');
    });
    if (known != known_voices.end()) {
      warnings.push_back({{name, cue.line}, fmt::format("voice tag '{}' is not closed with '>': read as speaker '{}'",
                                                        tag, *known)});
      text.insert(at + open.size() + known->size(), ">");
    } else {
      warnings.push_back({{name, cue.line}, fmt::format("voice tag '{}' is not closed with '>': its words are kept "
                                                        "in a turn of an unknown speaker", tag)});
      text.replace(at, open.size(), std::string("<v ") + kUnnamedVoice + ">");
    }
  }
  size_t text_start = 0, from = 0;
  std::optional<std::string> speaker;
  auto flush = [&](size_t end) {
    Cue part = cue;
    part.voice = speaker;
    AppendDecoded(std::string_view(text).substr(text_start, end - text_start), part.text);
    if (part.text.find_first_not_of(" \t\n") != std::string::npos || part.voice) cues.push_back(std::move(part));
  };
  re2::StringPiece tag, voice_name;
  while (RE2::PartialMatch(re2::StringPiece(text.data() + from, text.size() - from), voice, &tag, &voice_name)) {
    size_t tag_start = static_cast<size_t>(tag.data() - text.data());
    std::string decoded;
    AppendDecoded(std::string_view(voice_name.data(), voice_name.size()), decoded);
    std::string trimmed(Trim(decoded));
    if (trimmed.empty()) {
      warnings.push_back({{name, cue.line}, fmt::format("voice tag '{}' names no speaker: its words are kept in a "
                                                        "turn of an unknown speaker", tag.as_string())});
    }
    flush(tag_start);
    // A voice tag says the speaker changes, so a tag without a usable name starts an unknown speaker's turn.
    speaker = trimmed == kUnnamedVoice ? "" : trimmed;
    text_start = from = tag_start + tag.size();
  }
  flush(text.size());
}

// A cue as found in the file, before its text is decoded.
struct RawCue {
  Cue cue;                         // times and line
  std::vector<SourceLine> lines;   // its text lines
  std::vector<bool> after_blank;   // per text line: a blank line came between it and the line before
  bool timed = false;              // false for text before the first timing line
};

bool IsCueNumber(std::string_view line) {
  static const RE2 re(R"(^\s*\d{1,9}\s*$)");  // nine digits at most: a cue number, and it fits a long long
  return RE2::FullMatch(Piece(line), re);
}

// The Teams cue id "3f1c2a9e-1b7d-4c8e-9a51-2b7c0d6e4f10/12-0", or a bare UUID.
bool IsCueUuid(std::string_view line) {
  static const RE2 re(R"(^\s*[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){0,3}(?:-[0-9A-Fa-f]{12})?(?:/\d+(?:-\d+)?)?\s*$)");
  return RE2::FullMatch(Piece(line), re);
}

// Both formats, line by line: a cue starts at its timing line and runs to the next one, so blank lines inside cue
// text (hand-edited SRT) keep their words in the cue. The line just before a timing line is the cue's id when it
// is a number or a UUID, or (WebVTT) the first line of a block.
std::vector<Cue> ParseCues(std::string_view text, const std::string& name, Format format,
                           std::vector<Diagnostic>& warnings) {
  std::vector<SourceLine> lines = SplitLines(text, name, TranscriptLimits{});
  const size_t first_warning = warnings.size();
  size_t i = 0;
  if (format == Format::kVtt) {
    static const RE2 header(R"(^(?:\x{FEFF})?WEBVTT(?:[^A-Za-z0-9].*)?$)");
    if (lines.empty() || !RE2::FullMatch(Piece(lines[0].text), header)) {
      throw Error({name, 1}, "not a WebVTT file: the first line must be WEBVTT",
                  "if this is a WebVTT export, add the line WEBVTT at the top; otherwise rename the file");
    }
    // The header runs to the first blank line ("WEBVTT", "Kind: captions", "Language: nl"), unless a cue
    // follows it without one.
    for (i = 1; i < lines.size() && !IsBlank(lines[i].text) && !IsTimingLine(lines[i].text); ++i) {
    }
  }
  std::vector<RawCue> raw;
  raw.push_back({});  // text before the first timing line, if any
  bool blank_before = true;  // the first line after the header starts a block
  int unnumbered = 0, first_unnumbered_line = 0;
  std::optional<long long> last_number;
  for (; i < lines.size(); ++i) {
    std::string_view line = lines[i].text;
    if (IsBlank(line)) {
      blank_before = true;
      continue;
    }
    if (format == Format::kVtt && blank_before && !IsTimingLine(line)) {
      static const RE2 skipped(R"(^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$)");
      if (RE2::FullMatch(Piece(line), skipped)) {  // to the next blank line, unless a cue starts first
        while (i + 1 < lines.size() && !IsBlank(lines[i + 1].text) && !IsTimingLine(lines[i + 1].text)) ++i;
        continue;
      }
    }
    if (IsTimingLine(line)) {
      RawCue& previous = raw.back();
      bool numbered = false;
      if (!previous.lines.empty() && previous.lines.back().line == lines[i].line - 1) {
        std::string_view id = previous.lines.back().text;
        bool first_of_block = previous.after_blank.back();
        if (format == Format::kVtt ? (first_of_block || IsCueNumber(id) || IsCueUuid(id)) : IsCueNumber(id)) {
          if (IsCueNumber(id)) {
            long long number = std::stoll(std::string(Trim(id)));
            if (format == Format::kSrt && last_number && number != *last_number + 1) {
              warnings.push_back({{name, previous.lines.back().line},
                                  fmt::format("cue number {} follows cue number {}; cues are kept in file order",
                                              number, *last_number)});
            }
            last_number = number;
          }
          numbered = true;
          previous.lines.pop_back();
          previous.after_blank.pop_back();
        }
      }
      if (format == Format::kSrt && !numbered && unnumbered++ == 0) first_unnumbered_line = lines[i].line;
      RawCue cue;
      cue.timed = true;
      cue.cue.line = lines[i].line;
      Timing timing = ParseTiming(line, name, lines[i].line, warnings);
      cue.cue.start_ms = timing.start_ms;
      cue.cue.end_ms = timing.end_ms;
      raw.push_back(std::move(cue));
    } else {
      RawCue& current = raw.back();
      if (current.lines.empty() && !current.timed) current.cue.line = lines[i].line;
      current.lines.push_back(lines[i]);
      current.after_blank.push_back(blank_before);
    }
    blank_before = false;
  }
  if (unnumbered > 0) {
    warnings.push_back({{name, first_unnumbered_line},
                        fmt::format("{} cue(s) have no number before their timing line; the first is here",
                                    unnumbered)});
  }
  if (raw.size() == 1) {
    if (format == Format::kSrt) {
      throw Error({name, 1}, "not an SRT file: no cue timing line found",
                  "every cue is a number, a line like 00:01:02,000 --> 00:01:05,000, then its text");
    }
    return {};
  }

  // Names of well-formed voice tags, longest first, to read a tag whose '>' is missing.
  std::vector<std::string> known_voices;
  for (const RawCue& cue : raw) {
    for (const SourceLine& line : cue.lines) {
      static const RE2 voice_name(R"((?i)<[ \t]*v(?:\.[^\s<>]*)*[ \t]+([^<>\n]*)>)");
      re2::StringPiece input = Piece(line.text);
      std::string found;
      while (RE2::FindAndConsume(&input, voice_name, &found)) {
        std::string trimmed(Trim(found));
        if (!trimmed.empty() && std::find(known_voices.begin(), known_voices.end(), trimmed) == known_voices.end()) {
          known_voices.push_back(trimmed);
        }
      }
    }
  }
  std::stable_sort(known_voices.begin(), known_voices.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

  std::vector<Cue> cues;
  std::optional<int64_t> previous_start, previous_end;
  for (RawCue& cue : raw) {
    if (cue.lines.empty()) continue;
    if (!cue.timed) {
      warnings.push_back({{name, cue.lines.front().line},
                          "text before the first cue timing line: kept as a cue without a time"});
    } else {
      // Text after a blank line belongs to the cue above it until the next timing line (an SRT cue whose text
      // has an empty line; a WebVTT cue split by hand).
      auto after_blank = std::find(cue.after_blank.begin(), cue.after_blank.end(), true);
      if (after_blank != cue.after_blank.end()) {
        warnings.push_back({{name, cue.lines[after_blank - cue.after_blank.begin()].line},
                            "text after a blank line inside a cue: kept with the cue above it"});
      }
    }
    if (cue.cue.start_ms) {
      // Turns follow the file's order: a cue that starts early (Teams writes overlapping speech out of order)
      // stays where it is, so the words of each cue stay together as written.
      if (previous_start && *cue.cue.start_ms < *previous_start) {
        warnings.push_back({{name, cue.cue.line},
                            fmt::format("cue starts at {}, before the cue above it ({}); turns are kept in file order",
                                        FormatCueTime(*cue.cue.start_ms), FormatCueTime(*previous_start))});
      } else if (previous_end && *cue.cue.start_ms < *previous_end) {
        warnings.push_back({{name, cue.cue.line},
                            fmt::format("cue starts at {}, before the cue above it ends ({}); turns are kept in file "
                                        "order", FormatCueTime(*cue.cue.start_ms), FormatCueTime(*previous_end))});
      }
      previous_start = cue.cue.start_ms;
      previous_end = cue.cue.end_ms;
    }
    std::string text;
    for (const SourceLine& line : cue.lines) {
      if (!text.empty()) text += '\n';
      text += line.text;
    }
    AddCueText(std::move(text), cue.cue, known_voices, name, warnings, cues);
  }
  // Found in two passes; the user reads them down the file.
  std::stable_sort(warnings.begin() + static_cast<long>(first_warning), warnings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.where.line < b.where.line; });
  return cues;
}

}  // namespace

std::vector<Cue> ParseVtt(std::string_view text, const std::string& name, std::vector<Diagnostic>& warnings) {
  return ParseCues(text, name, Format::kVtt, warnings);
}

std::vector<Cue> ParseSrt(std::string_view text, const std::string& name, std::vector<Diagnostic>& warnings) {
  return ParseCues(text, name, Format::kSrt, warnings);
}

}  // namespace kansrijk::internal
