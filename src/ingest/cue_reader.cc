// WebVTT (W3C: header, blocks, <v> voice spans) and SRT (numbered cues) into cues.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "base/error.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

struct Block {
  std::vector<std::string_view> lines;
  int first_line = 0;
};

// Blocks separated by blank lines; line ends LF, CRLF or CR.
std::vector<Block> SplitBlocks(std::string_view text, const std::string& name) {
  std::vector<Block> blocks;
  Block current;
  for (const SourceLine& line : SplitLines(text, name, TranscriptLimits{})) {
    bool blank = line.text.find_first_not_of(" \t") == std::string_view::npos;
    if (blank) {
      if (!current.lines.empty()) blocks.push_back(std::move(current));
      current = Block{};
      continue;
    }
    if (current.lines.empty()) current.first_line = line.line;
    current.lines.push_back(line.text);
  }
  if (!current.lines.empty()) blocks.push_back(std::move(current));
  return blocks;
}

std::optional<int64_t> ParseCueTime(std::string_view text) {
  static const RE2 re(R"((?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3}))");
  re2::StringPiece hours;
  int minutes = 0, seconds = 0;
  std::string fraction;
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re, &hours, &minutes, &seconds, &fraction) ||
      minutes > 59 || seconds > 59) {
    return std::nullopt;
  }
  int64_t h = hours.empty() ? 0 : std::stoll(std::string(hours.data(), hours.size()));
  fraction.resize(3, '0');
  return ((h * 60 + minutes) * 60 + seconds) * 1000 + std::stoi(fraction);
}

// "00:01:02.500 --> 00:01:05.000 align:right": start and end, or an Error naming the line.
std::pair<int64_t, int64_t> ParseTiming(std::string_view line, const std::string& name, int number,
                                        const char* example) {
  static const RE2 re(R"(^\s*(\S+)\s+-->\s+(\S+)(?:\s.*)?$)");
  std::string start, end;
  std::optional<int64_t> start_ms, end_ms;
  if (RE2::FullMatch(re2::StringPiece(line.data(), line.size()), re, &start, &end)) {
    start_ms = ParseCueTime(start);
    end_ms = ParseCueTime(end);
  }
  if (!start_ms || !end_ms) {
    throw Error({name, number}, fmt::format("malformed cue timing line '{}'", line),
                fmt::format("write it as {}", example));
  }
  if (*end_ms < *start_ms) {
    throw Error({name, number}, fmt::format("cue ends before it starts: '{}'", line),
                "check the times of this cue");
  }
  return {*start_ms, *end_ms};
}

void AppendDecoded(std::string_view text, std::string& out) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
      {"&nbsp;", "\u00A0"}, {"&lrm;", ""}, {"&rlm;", ""}};
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {  // a tag: <b>, </i>, <c.x>, <00:00:17.500>, <lang nl>
      size_t close = text.find('>', i);
      if (close != std::string_view::npos) {
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

// Splits cue text at <v Name> voice spans: each span is a cue of its own speaker.
void AddCueText(const std::vector<std::string_view>& lines, Cue cue, std::vector<Cue>& cues) {
  static const RE2 voice(R"(<v(?:\.[^\s>]*)*[ \t]+([^>]*)>)");
  std::string raw;
  for (std::string_view line : lines) {
    if (!raw.empty()) raw += '\n';
    raw += line;
  }
  re2::StringPiece input(raw), name;
  size_t text_start = 0;
  std::optional<std::string> speaker;
  auto flush = [&](size_t end) {
    Cue part = cue;
    part.voice = speaker;
    AppendDecoded(std::string_view(raw).substr(text_start, end - text_start), part.text);
    if (part.text.find_first_not_of(" \t\n") != std::string::npos || part.voice) cues.push_back(std::move(part));
  };
  re2::StringPiece match;
  while (RE2::PartialMatch(input, voice, &name)) {
    size_t at = static_cast<size_t>(name.data() - raw.data());
    size_t tag_start = raw.rfind("<v", at);
    flush(tag_start);
    std::string decoded;
    AppendDecoded(std::string_view(name.data(), name.size()), decoded);
    speaker = decoded;
    text_start = raw.find('>', at) + 1;
    input = re2::StringPiece(raw.data() + text_start, raw.size() - text_start);
  }
  flush(raw.size());
}

}  // namespace

std::vector<Cue> ParseVtt(std::string_view text, const std::string& name) {
  static const RE2 header(R"(^WEBVTT(?:[ \t].*)?$)");
  std::vector<Block> blocks = SplitBlocks(text, name);
  if (blocks.empty() || !RE2::FullMatch(re2::StringPiece(blocks[0].lines[0].data(), blocks[0].lines[0].size()), header)) {
    throw Error({name, 1}, "not a WebVTT file: the first line must be WEBVTT",
                "if this is a WebVTT export, add the line WEBVTT at the top; otherwise rename the file");
  }
  std::vector<Cue> cues;
  for (size_t b = 1; b < blocks.size(); ++b) {
    const Block& block = blocks[b];
    std::string_view first = block.lines[0];
    if (first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION")) continue;
    size_t timing = first.find("-->") != std::string_view::npos ? 0 : 1;  // an optional cue id comes first
    if (timing >= block.lines.size() || block.lines[timing].find("-->") == std::string_view::npos) {
      throw Error({name, block.first_line}, "cue without a timing line",
                  "every cue needs a line like 00:01:02.000 --> 00:01:05.000");
    }
    Cue cue;
    cue.line = block.first_line + static_cast<int>(timing);
    std::tie(cue.start_ms, cue.end_ms) =
        ParseTiming(block.lines[timing], name, cue.line, "00:01:02.000 --> 00:01:05.000");
    AddCueText({block.lines.begin() + static_cast<long>(timing) + 1, block.lines.end()}, cue, cues);
  }
  // Teams writes overlapping cues out of order; the conversation is in the order of their start times.
  std::stable_sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
  return cues;
}

std::vector<Cue> ParseSrt(std::string_view text, const std::string& name) {
  static const RE2 index(R"(^\s*\d+\s*$)");
  std::vector<Cue> cues;
  for (const Block& block : SplitBlocks(text, name)) {
    size_t timing = RE2::FullMatch(re2::StringPiece(block.lines[0].data(), block.lines[0].size()), index) ? 1 : 0;
    if (timing >= block.lines.size()) {
      throw Error({name, block.first_line}, "cue number without a timing line or text",
                  "every cue is a number, a line like 00:01:02,000 --> 00:01:05,000, then its text");
    }
    Cue cue;
    cue.line = block.first_line + static_cast<int>(timing);
    std::tie(cue.start_ms, cue.end_ms) =
        ParseTiming(block.lines[timing], name, cue.line, "00:01:02,000 --> 00:01:05,000");
    AddCueText({block.lines.begin() + static_cast<long>(timing) + 1, block.lines.end()}, cue, cues);
  }
  return cues;
}

}  // namespace kansrijk::internal
