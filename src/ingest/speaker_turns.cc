#include "ingest/speaker_turns.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>

#include "base/role_label.h"
#include "base/utf8.h"

namespace kansrijk {

namespace {

std::string Fold(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  std::string out;
  u.foldCase().trim().toUTF8String(out);
  return out;
}

// RE2 patterns of the grammar; see the header for what each accepts.
const RE2& LeadingClock() {
  static const RE2 re(R"(^\s*[\[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?(?:\s+-)?\s+)");
  return re;
}
const RE2& ClockOnly() {
  static const RE2 re(R"(^\s*[\[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?\s*$)");
  return re;
}
const RE2& UnambiguousClock() {  // bracketed, or with hours: a transcript stamp, not a time in a sentence
  static const RE2 re(R"(^\s*(?:[\[(]\d|\d{1,2}:\d{2}:\d{2}))");
  return re;
}
const RE2& F4Clock() {
  static const RE2 re(R"(\s*#(\d{1,2}:\d{2}:\d{2})-(\d)#)");
  return re;
}
const RE2& TeamsSpeakerLine() {  // "Petra Jansen   0:03" (two or more spaces or a tab before the time)
  static const RE2 re(R"(^\s*([^\s:\[(][^:\t]{0,58}?)(?: {2,}|\t+)(\d{1,2}:\d{2}(?::\d{2})?)\s*$)");
  return re;
}
const RE2& ZoomSpeakerLine() {  // "[Petra Jansen] 10:02:13"
  static const RE2 re(R"(^\s*\[([^\]]{1,60})\]\s+(\d{1,2}:\d{2}:\d{2})\s*$)");
  return re;
}
// "Name:" followed by white space or the end of the line; the name may end in a party or role in parentheses.
const RE2& LabelCandidate() {
  static const RE2 re(R"(^\s*(\[?\pL[^:\n(]{0,40}?(?:\s*\([^():\n]{1,80}\))?)\s*:(?:\s+|$))");
  return re;
}
int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool StartsUpper(std::string_view word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  return u.length() > 0 && u_isupper(u.char32At(0));
}

// A name of two or more words whose first and last word are capitalised: "Marieke de Vries", "Jansen, Petra".
bool LooksLikeName(std::string_view label) {
  if (CountWords(label) < 2) return false;
  std::string_view last = label.substr(label.find_last_of(' ') + 1);
  return StartsUpper(label) && StartsUpper(last);
}

// One capitalised word of letters, or one in capitals (scripts and subtitles write names so): "Petra", "KEES".
bool IsFirstName(std::string_view label) {
  static const RE2 re(R"(\p{Lu}\p{Ll}+|\p{Lu}{2,})");
  return RE2::FullMatch(re2::StringPiece(label.data(), label.size()), re);
}

// Words that open header or summary lines ("Datum: 12 maart", "Kortom: ...") rather than turns.
const RE2& NotAName() {
  static const RE2 re(
      R"((?i)datum|tijd|duur|locatie|plaats|onderwerp|thema|deelnemers|aanwezig|aanwezigen|afwezig|opname|)"
      R"(transcript|project|titel|bron|noot|opmerking|vraag|antwoord|kortom|dus|nou|conclusie|samenvatting|let|tip|)"
      R"(nb|ps|let op|vraag \d+)");
  return re;
}

// Transcribers' notes in square brackets ("[lacht]", "[Inaudible]", "[Crosstalk]"), which may open a line but
// never name a speaker. The words segment/ treats as annotations, and the English ones of Otter and Rev.
bool IsBracketNote(std::string_view label) {
  static const RE2 re(
      R"((?i)(?:lacht|lachen|gelach|stilte|pauze|zucht|zuchten|onverstaanbaar|onhoorbaar|unv\.?|inaudible|)"
      R"(door elkaar|telefoon|hoest|kucht|crosstalk|laughter|laughs|laughing|music|muziek|applaus|applause|)"
      R"(silence|noise|geluid|onduidelijk|unclear|overlap|interruptie|onderbreking|einde|end|)"
      R"(knikt|schudt|wijst|huilt|huilen|snikt|schraapt|niest|glimlacht|grinnikt|slikt|zwijgt|aarzelt|fluistert|)"
      R"(achtergrondgeluid|kind|baby|deurbel|telefoongesprek|nods|sighs|coughs|pause|background)\b.*)");
  return RE2::FullMatch(re2::StringPiece(label.data(), label.size()), re);
}

// What names the person in a label with a title or a party or role in parentheses: "Mevrouw Kuiken (PvdA)" →
// "Kuiken", "dr. Jansen" → "Jansen", "De heer Van der Staaij (SGP)" → "Van der Staaij". `decorated` tells
// whether there was a title or parentheses: with them, even one capitalised word is a name.
std::string_view NameCore(std::string_view label, bool* decorated) {
  static const RE2 party(R"(^(.*?\S)\s*\([^()]{1,80}\)$)");
  static const RE2 title(
      R"((?i)^(?:de heer|mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|hr\.?|dr\.?|drs\.?|mr\.?|prof\.?|ir\.?|ing\.?|)"
      R"(dr\.? ir\.?|prof\.? dr\.?)\s+)");
  re2::StringPiece input(label.data(), label.size()), core;
  *decorated = false;
  if (RE2::FullMatch(input, party, &core)) {
    input = core;
    *decorated = true;
  }
  if (RE2::Consume(&input, title)) *decorated = true;
  return std::string_view(input.data(), input.size());
}

// A person's name with its title or parentheses: "Mevrouw Kuiken (PvdA)", "dr. Jansen", "SOLOMON (vader)".
bool IsDecoratedName(std::string_view label) {
  bool decorated = false;
  std::string_view core = NameCore(label, &decorated);
  if (!decorated || core.empty() || CountWords(core) > 4) return false;
  std::string_view last = core.substr(core.find_last_of(' ') + 1);
  if (CountWords(core) == 1 && RE2::FullMatch(re2::StringPiece(core.data(), core.size()), NotAName())) return false;
  return StartsUpper(core) && StartsUpper(last);
}

struct Candidate {
  std::string label;
  std::string_view rest;  // text after the colon
  bool bracketed = false;  // "[Petra Jansen] text": a label in brackets without a colon
};

// At most four words of name, not counting a title and a party or role in parentheses; the parentheses may say
// more ("Verloskundige (praktijk De Ooievaar in Lelystad en omstreken)", as published interviews label people).
bool ShortEnough(std::string_view label) {
  bool decorated = false;
  return CountWords(NameCore(label, &decorated)) <= 4 && CountWords(label) <= (decorated ? 16 : 8);
}

// A line-initial "label:", or "[label] " (Otter, Descript, diarisation tools), that has the shape of a speaker
// label; whether it is one is decided per document.
std::optional<Candidate> FindCandidate(std::string_view line) {
  re2::StringPiece input(line.data(), line.size()), label;
  if (RE2::Consume(&input, LabelCandidate(), &label)) {
    std::string_view text(label.data(), label.size());
    text = Trim(text);
    if (text.starts_with('[') == text.ends_with(']')) {
      if (text.starts_with('[')) text = text.substr(1, text.size() - 2);
      if (!text.empty() && ShortEnough(text) && text.find_first_of("?!;\"") == std::string_view::npos &&
          text.back() != '.' && text.back() != ',') {
        return Candidate{std::string(text), std::string_view(input.data(), input.size())};
      }
      return std::nullopt;
    }
  }
  static const RE2 bracket(R"(^\s*\[([^\[\]:\n]{1,60})\](?:[ \t]+|$))");
  input = re2::StringPiece(line.data(), line.size());
  if (!RE2::Consume(&input, bracket, &label)) return std::nullopt;
  std::string_view text = Trim(std::string_view(label.data(), label.size()));
  if (text.empty() || !ShortEnough(text) || text.find_first_of("?!;\".,") != std::string_view::npos) {
    return std::nullopt;
  }
  return Candidate{std::string(text), std::string_view(input.data(), input.size()), true};
}

// Short answers that may stand alone on a line, recurring, without being a speaker's name.
bool IsInterjection(std::string_view label) {
  static const RE2 re(
      R"((?i)ja|nee|nou|oké|oke|ok|okay|precies|klopt|goed|prima|top|zeker|inderdaad|natuurlijk|tja|ach|hè|he|)"
      R"(h+m+|u+h*m*|e+h+m*|ah+|oh+|o+|dank(?:je|jewel|\s+je|\s+u)?|doei|hoi|hallo|yes|no|yeah|right|sure|thanks)");
  return RE2::FullMatch(re2::StringPiece(label.data(), label.size()), re);
}

// A line that may be a speaker label on its own, with the text on the lines below: "Interviewer", "Spreker 1",
// "Jan de Vries 00:01:02" (a time after one space; two or more spaces are a TeamsSpeakerLine). Whether it is one
// is decided per document (AcceptedLabels::AcceptsLone).
struct LoneLabel {
  std::string label;
  std::optional<int64_t> clock;
};
std::optional<LoneLabel> FindLoneLabel(std::string_view line) {
  static const RE2 re(R"(^\s*(\pL[^:\t?!;"]{0,58}?)(?:\s+[\[(]?(\d{1,2}:\d{2}(?::\d{2})?)[\])]?)?\s*$)");
  std::string label, time;
  if (!RE2::FullMatch(re2::StringPiece(line.data(), line.size()), re, &label, &time)) return std::nullopt;
  if (label.back() == '.' || label.back() == ',' || !ShortEnough(label) || IsBracketNote(label) ||
      IsInterjection(label) || RE2::FullMatch(label, NotAName())) {
    return std::nullopt;
  }
  return LoneLabel{label, time.empty() ? std::nullopt : ParseClock(time)};
}

// Builds turns: a new turn whenever the speaker changes.
class TurnBuilder {
 public:
  // Starts a turn for `speaker` unless the current turn already has that speaker.
  void Speaker(const std::string& speaker, int line, std::optional<int64_t> start_ms) {
    if (has_turn_ && known_ && current().speaker == speaker) {
      if (!current().start_ms) current().start_ms = start_ms;
      return;
    }
    Open(speaker, line, start_ms);
    known_ = true;
  }
  // Starts a turn of a speaker whose name is not known (a new one, not the previous speaker).
  void Unknown(int line, std::optional<int64_t> start_ms) { Open("", line, start_ms); }
  // Adds text to the current turn, opening an unknown-speaker turn if there is none.
  void Text(std::string_view text, int line, std::string_view separator) {
    text = Trim(text);
    if (text.empty()) return;
    if (!has_turn_) Open("", line, std::nullopt);
    std::string& body = current().text;
    if (!body.empty()) body += separator;
    body += text;
  }
  void Time(std::optional<int64_t> start_ms, std::optional<int64_t> end_ms) {
    if (!has_turn_) return;
    if (!current().start_ms) current().start_ms = start_ms;
    if (end_ms) current().end_ms = end_ms;
  }
  std::vector<Turn> Finish(const InterviewerLabels& interviewers) {
    std::vector<Turn> out;
    for (Turn& turn : turns_) {
      if (turn.text.empty()) continue;
      turn.number = static_cast<int>(out.size()) + 1;
      turn.is_interviewer = !turn.speaker.empty() && interviewers.Contains(turn.speaker);
      out.push_back(std::move(turn));
    }
    return out;
  }

 private:
  Turn& current() { return turns_.back(); }
  void Open(const std::string& speaker, int line, std::optional<int64_t> start_ms) {
    // A speaker line with no text (a Teams name line, or "Label:" alone) followed by another label:
    // the empty turn is replaced rather than kept.
    if (has_turn_ && current().text.empty() && !current().speaker.empty()) turns_.pop_back();
    Turn turn;
    turn.speaker = speaker;
    turn.line = line;
    turn.start_ms = start_ms;
    turns_.push_back(std::move(turn));
    has_turn_ = true;
    known_ = false;
  }

  std::vector<Turn> turns_;
  bool has_turn_ = false;
  bool known_ = false;
};

// Pass one of the grammar: which candidate labels of this document are accepted as speakers.
class AcceptedLabels {
 public:
  AcceptedLabels(const std::vector<std::string_view>& texts, const InterviewerLabels& interviewers)
      : interviewers_(interviewers) {
    for (std::string_view text : texts) {
      if (const std::optional<Candidate>& candidate = candidates_.emplace_back(FindCandidate(text))) {
        ++counts_[candidate->label];
      }
      if (const std::optional<LoneLabel>& lone = lones_.emplace_back(FindLoneLabel(text))) ++lone_counts_[lone->label];
    }
  }
  // FindCandidate and FindLoneLabel of text `i`, as found above, for the grammar's second pass: finding the
  // candidates again was 30 % of reading a transcript (a profile of a 20 MB ingest).
  const std::optional<Candidate>& CandidateOf(size_t i) const { return candidates_[i]; }
  const std::optional<LoneLabel>& LoneOf(size_t i) const { return lones_[i]; }
  bool Accepts(const Candidate& candidate) const {
    const std::string& label = candidate.label;
    // A line that opens with "[lacht]" or "[Inaudible]" is speech with a note, not a speaker; a bracketed
    // label without a colon names a speaker only when it looks like one (capitalised, or a code such as id1).
    if (candidate.bracketed && (IsBracketNote(label) || !(StartsUpper(label) || IsRoleLabel(label) ||
                                                          interviewers_.Contains(label)))) {
      return false;
    }
    auto it = counts_.find(label);
    int count = it == counts_.end() ? 0 : it->second;
    if (count >= 2 || IsRoleLabel(label) || interviewers_.Contains(label) ||
        (LooksLikeName(label) && !RE2::FullMatch(label, NotAName())) || IsDecoratedName(label)) {
      return true;
    }
    // A first name that speaks once, in a document whose speakers are first names ("Petra:", "Kees:").
    return IsFirstName(label) && !RE2::FullMatch(label, NotAName()) &&
           std::any_of(counts_.begin(), counts_.end(), [&](const auto& other) {
             return other.second >= 2 && other.first != label && IsFirstName(other.first) &&
                    !RE2::FullMatch(other.first, NotAName());
           });
  }
  // A label alone on its line: a known or interviewer label, a name with a time, a name that recurs alone on its
  // line, or (in Word) a bold paragraph with a name of two words or a title, or a first name among recurring
  // ones. A single word alone on a line ("Inleiding") is a heading, not a speaker.
  bool AcceptsLone(const LoneLabel& lone, bool bold) const {
    const std::string& label = lone.label;
    if (IsRoleLabel(label) || interviewers_.Contains(label)) return true;
    bool name = LooksLikeName(label) || IsDecoratedName(label);
    if (lone.clock && (name || IsFirstName(label))) return true;
    auto it = lone_counts_.find(label);
    if (it != lone_counts_.end() && it->second >= 2 && (name || IsFirstName(label))) return true;
    // A first name in bold, in a document where another first name (not a role) recurs alone on its line.
    auto other_first_name = [&](const auto& other) {
      return other.second >= 2 && other.first != label && IsFirstName(other.first) && !IsRoleLabel(other.first) &&
             !interviewers_.Contains(other.first);
    };
    return bold && (name || (IsFirstName(label) && std::any_of(lone_counts_.begin(), lone_counts_.end(),
                                                                other_first_name)));
  }

 private:
  const InterviewerLabels& interviewers_;
  std::vector<std::optional<Candidate>> candidates_;  // per text; their `rest` points into the text
  std::vector<std::optional<LoneLabel>> lones_;
  std::map<std::string, int> counts_;
  std::map<std::string, int> lone_counts_;
};

std::string_view StripLeadingClock(std::string_view text, std::optional<int64_t>* clock) {
  re2::StringPiece input(text.data(), text.size()), time;
  if (RE2::Consume(&input, LeadingClock(), &time)) {
    *clock = ParseClock(std::string_view(time.data(), time.size()));
    return std::string_view(input.data(), input.size());
  }
  return text;
}

}  // namespace

const std::vector<std::string>& InterviewerLabels::Defaults() {
  static const std::vector<std::string> labels = {"Interviewer", "I", "Int", "Moderator", "Gespreksleider",
                                                  "Onderzoeker"};
  return labels;
}

InterviewerLabels::InterviewerLabels(std::vector<std::string> labels) {
  for (const std::string& label : labels) Add(label);
}

void InterviewerLabels::Add(const std::string& label) {
  std::string folded = Fold(label);
  if (!folded.empty() && std::find(folded_.begin(), folded_.end(), folded) == folded_.end()) {
    folded_.push_back(folded);
  }
}

bool InterviewerLabels::Contains(std::string_view label) const {
  std::string folded = Fold(label);
  auto known = [&](const std::string& l) { return std::find(folded_.begin(), folded_.end(), l) != folded_.end(); };
  if (known(folded)) return true;
  size_t end = folded.find_last_not_of("0123456789");  // "Interviewer 2", "I2"
  if (end == std::string::npos || end + 1 == folded.size()) return false;
  std::string base = folded.substr(0, end + 1);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return known(base);
}

std::optional<int64_t> ParseClock(std::string_view text) {
  static const RE2 re(R"(^[\[(]?(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?[\])]?$)");
  int hours = 0, minutes = 0, seconds = 0;
  std::string fraction;
  re2::StringPiece h;
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re, &h, &minutes, &seconds, &fraction)) {
    return std::nullopt;
  }
  if (!h.empty()) hours = std::stoi(std::string(h.data(), h.size()));
  if (seconds > 59 || (!h.empty() && minutes > 59)) return std::nullopt;
  int64_t ms = 0;
  if (!fraction.empty()) {
    fraction.resize(3, '0');
    ms = std::stoi(fraction);
  }
  return ((hours * 60LL + minutes) * 60 + seconds) * 1000 + ms;
}

std::vector<Turn> TurnsFromLines(const std::vector<SourceLine>& lines, const InterviewerLabels& interviewers,
                                 std::vector<Diagnostic>* warnings) {
  std::vector<std::string_view> unclocked;
  for (const SourceLine& line : lines) {
    std::optional<int64_t> ignored;
    unclocked.push_back(StripLeadingClock(line.text, &ignored));
  }
  AcceptedLabels accepted(unclocked, interviewers);
  TurnBuilder builder;
  std::vector<Diagnostic> unsure_labels;  // one-word labels read as text
  std::optional<int64_t> pending_clock;  // a timestamp on a line of its own stamps the next turn
  // A label alone on its line needs text below it: a heading followed by a label is text, not an empty turn.
  auto opens_turn = [&](size_t i) {
    std::string name, time;
    if (RE2::FullMatch(lines[i].text, TeamsSpeakerLine(), &name, &time) ||
        RE2::FullMatch(lines[i].text, ZoomSpeakerLine(), &name, &time)) {
      return true;
    }
    const std::optional<Candidate>& candidate = accepted.CandidateOf(i);
    const std::optional<LoneLabel>& lone = accepted.LoneOf(i);
    return (candidate && accepted.Accepts(*candidate)) || (lone && accepted.AcceptsLone(*lone, lines[i].bold));
  };
  auto text_follows = [&](size_t i) {
    for (size_t j = i + 1; j < lines.size(); ++j) {
      if (!Trim(lines[j].text).empty()) return !opens_turn(j);
    }
    return false;
  };
  // Inside an overlap ("// S02: ja //") that a line wrap split (PDF text, wrapped exports), a label at the start
  // of the next line is still part of the overlap, not a new turn.
  bool in_overlap = false;
  auto overlap_marks = [](std::string_view text) {
    int marks = 0;
    for (size_t at = text.find("//"); at != std::string_view::npos; at = text.find("//", at + 2)) {
      marks += at == 0 || text[at - 1] != ':';  // not the // of https://
    }
    return marks;
  };
  for (size_t index = 0; index < lines.size(); ++index) {
    const SourceLine& source = lines[index];
    const bool overlap_open = in_overlap;
    in_overlap = !Trim(source.text).empty() && (in_overlap != (overlap_marks(source.text) % 2 == 1));  // a blank line ends it
    // f4 marks may stand anywhere in the line: keep the first as time, drop them all from the text.
    std::string line(source.text);
    std::optional<int64_t> f4_clock;
    std::string f4_time, tenths;
    if (RE2::PartialMatch(line, F4Clock(), &f4_time, &tenths)) {
      f4_clock = *ParseClock(f4_time) + std::stoi(tenths) * 100;
      RE2::GlobalReplace(&line, F4Clock(), "");
    }
    std::string name, time;
    if (RE2::FullMatch(line, TeamsSpeakerLine(), &name, &time) || RE2::FullMatch(line, ZoomSpeakerLine(), &name, &time)) {
      if (CountWords(name) <= 5) {
        builder.Speaker(std::string(Trim(name)), source.line, ParseClock(time));
        continue;
      }
    }
    if (RE2::FullMatch(line, ClockOnly(), &time)) {
      pending_clock = ParseClock(time);
      continue;
    }
    std::optional<int64_t> clock;
    std::string_view text = StripLeadingClock(line, &clock);
    if (!clock) clock = pending_clock;
    // As found for the grammar, unless the line had f4 marks (the text without them is another).
    const bool as_found = text == unclocked[index];
    std::optional<Candidate> candidate = as_found ? accepted.CandidateOf(index) : FindCandidate(text);
    const bool labelled = candidate && !overlap_open && accepted.Accepts(*candidate);
    if (!labelled && candidate && !overlap_open && !candidate->bracketed && CountWords(candidate->label) == 1 &&
        StartsUpper(candidate->label) && !RE2::FullMatch(candidate->label, NotAName())) {
      // One capitalised word and a colon, once: the guard against "Kortom:" keeps it as text (below), but it may
      // be a speaker who speaks once. Said at the end, and only in a document whose speakers are labelled.
      unsure_labels.push_back({{"", source.line}, fmt::format(
          "\"{}:\" opens this line only once, so it is read as text of the previous turn; if it names a speaker, "
          "write the label as a name or role (\"Wethouder Jansen:\", \"Verloskundige:\"), or list the "
          "interviewer in interviewers.txt", candidate->label)});
    }
    if (labelled) {
      // noScribe writes the time after the label: "S01: [00:01:02] text".
      static const RE2 stamp_after_label(R"(^\s*[\[(](\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])](?:\s+|$))");
      re2::StringPiece rest(candidate->rest.data(), candidate->rest.size());
      std::string stamp;
      if (RE2::Consume(&rest, stamp_after_label, &stamp) && !clock) clock = ParseClock(stamp);
      builder.Speaker(candidate->label, source.line, clock ? clock : f4_clock);
      builder.Text(std::string_view(rest.data(), rest.size()), source.line, "\n");
      pending_clock.reset();
    } else if (std::optional<LoneLabel> lone = as_found ? accepted.LoneOf(index) : FindLoneLabel(text);
               lone && accepted.AcceptsLone(*lone, source.bold) && text_follows(index)) {
      builder.Speaker(lone->label, source.line, lone->clock ? lone->clock : clock ? clock : f4_clock);
      pending_clock.reset();
    } else if (clock && !RE2::PartialMatch(line, UnambiguousClock())) {
      builder.Text(line, source.line, "\n");  // "12:30 uur begonnen we": a time in the text, not a stamp
    } else {
      builder.Text(text, source.line, "\n");
      if (clock) builder.Time(clock, std::nullopt);
    }
    if (f4_clock) builder.Time(f4_clock, std::nullopt);
  }
  std::vector<Turn> turns = builder.Finish(interviewers);
  if (warnings && std::any_of(turns.begin(), turns.end(), [](const Turn& t) { return !t.speaker.empty(); })) {
    warnings->insert(warnings->end(), unsure_labels.begin(), unsure_labels.end());
  }
  return turns;
}

std::vector<Turn> TurnsFromCues(const std::vector<Cue>& cues, const InterviewerLabels& interviewers) {
  std::vector<std::string_view> texts;
  for (const Cue& cue : cues) texts.push_back(cue.text);
  AcceptedLabels accepted(texts, interviewers);
  const bool named = std::any_of(cues.begin(), cues.end(), [&](const Cue& cue) {
    auto candidate = FindCandidate(cue.text);
    return cue.voice || (candidate && accepted.Accepts(*candidate));
  });
  TurnBuilder builder;
  for (const Cue& cue : cues) {
    std::string_view text = cue.text;
    if (cue.voice) {
      builder.Speaker(*cue.voice, cue.line, cue.start_ms);
    } else if (auto candidate = FindCandidate(text); candidate && accepted.Accepts(*candidate)) {
      builder.Speaker(candidate->label, cue.line, cue.start_ms);
      text = candidate->rest;
    } else if (!named) {
      // Subtitles without names mark a change of speaker with a dash at the start of a line ("- Hoe gaat
      // het?\n- Goed."): each such line starts a turn of an unknown speaker, without the dash. Only where no
      // cue names its speaker: there a dash line would break a named speaker's turn.
      static const RE2 dash(R"((?m)^[ \t]*[-–][ \t]*[^-\s])");
      if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), dash)) {
        static const RE2 line_dash(R"(^[ \t]*[-–][ \t]*)");
        std::string_view separator = " ";  // between cues; lines of one cue keep their line end, as elsewhere
        for (std::string_view rest = text; !rest.empty(); separator = "\n") {
          size_t end = rest.find('\n');
          re2::StringPiece line(rest.data(), std::min(end, rest.size()));
          rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
          if (RE2::PartialMatch(line, dash)) {
            builder.Unknown(cue.line, cue.start_ms);
            RE2::Consume(&line, line_dash);
          }
          builder.Text(std::string_view(line.data(), line.size()), cue.line, separator);
        }
        builder.Time(cue.start_ms, cue.end_ms);
        continue;
      }
    }
    builder.Text(text, cue.line, " ");
    builder.Time(cue.start_ms, cue.end_ms);
  }
  return builder.Finish(interviewers);
}

}  // namespace kansrijk
