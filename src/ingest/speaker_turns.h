// The speaker-turn grammar shared by every reader: which line opens a turn, who speaks, and when.
//
// A label opens a line, paragraph or cue: "R:", "R3:", "Deelnemer 2:", "Gespreksleider:", "Marieke de Vries:"
// (at most four words, then a colon), optionally after a timestamp "[00:01:23]", "(00:01:23)" or "00:01:23", or
// followed by one (noScribe's "S01: [00:01:02]"). A title and a party or role in parentheses do not count as
// words ("Mevrouw Kuiken (PvdA):", "dr. Jansen:"). A label in brackets needs no colon ("[Petra Jansen] text",
// "[id1] text"), but a note such as "[lacht]" or "[Inaudible]" is never a label.
// Teams docx and Otter speaker lines ("Petra Jansen   0:03") and Zoom chat-style lines ("[Petra Jansen] 10:02:13")
// open a turn too, and so does a label alone on its line or paragraph with the text below it ("Interviewer",
// "Spreker 1", "Jan de Vries 00:01:02"), when it is a known label, has a time, recurs so in the document, or is
// a bold paragraph (Word) that looks like a name. An f4transkript mark "#00:01:23-4#" may stand anywhere: it is
// removed and kept as time.
// Lines without a label continue the current turn; text before the first label is a turn of an unknown speaker.
// An overlap written inside a turn ("//S02: ja precies //") stays in that turn: a label must open its line.
//
// A line-initial "Word:" is only taken as a label when the word is a known label (I, R, R3, Interviewer,
// Deelnemer 2, SPEAKER_00, ...), an interviewer label, a name of two or more capitalised words or with a title or
// parentheses, recurs as a label in the same document, or is a first name ("Petra", "KEES") among first names.
// So "Kortom: ..." or a header line "Datum: 12 maart" does not invent a speaker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/role_label.h"  // IsRoleLabel, part of the speaker grammar
#include "ingest/transcript.h"

namespace kansrijk {

// Labels that mark interviewer or moderator turns. Matched case-insensitively, also with a number
// after them ("Interviewer 2", "I2").
class InterviewerLabels {
 public:
  static const std::vector<std::string>& Defaults();  // Interviewer, I, Int, Moderator, Gespreksleider, Onderzoeker

  explicit InterviewerLabels(std::vector<std::string> labels = Defaults());
  void Add(const std::string& label);
  bool Contains(std::string_view label) const;
  const std::vector<std::string>& labels() const { return folded_; }

 private:
  std::vector<std::string> folded_;  // lower case, trimmed
};

// One line of a text file or of a docx or odt paragraph.
struct SourceLine {
  std::string_view text;  // without the line end
  int line = 0;           // 1-based line (text files, PDF text) or paragraph (docx, odt)
  bool bold = false;      // the whole paragraph is bold (docx): a short one may be a speaker label on its own
};

// One cue of a WebVTT or SRT file.
struct Cue {
  std::optional<std::string> voice;  // from a WebVTT <v Name> tag
  std::string text;                  // tags stripped, entities decoded, lines joined with '\n'
  std::optional<int64_t> start_ms;  // none when the timing line could not be read
  std::optional<int64_t> end_ms;
  int line = 0;  // line of the timing line
};

// A one-word label that opens a line only once ("Jansen: ...") is read as text, as "Kortom: ..." must be; when the
// document has labelled speakers, each such line is added to `warnings` (its line set, its file left empty).
std::vector<Turn> TurnsFromLines(const std::vector<SourceLine>& lines, const InterviewerLabels& interviewers,
                                 std::vector<Diagnostic>* warnings = nullptr);
// Consecutive cues by the same speaker form one turn; a cue without a voice or label continues the
// previous speaker. Cue text may start with a "Name: " label (Zoom, SRT). In a file where no cue names its
// speaker, a line that starts with a dialogue dash ("- Goed.") starts a turn of an unknown speaker.
std::vector<Turn> TurnsFromCues(const std::vector<Cue>& cues, const InterviewerLabels& interviewers);

// "[00:01:23]", "01:23", "00:01:23.5", "1:02:03,250" → milliseconds; nullopt if it is not a time.
std::optional<int64_t> ParseClock(std::string_view text);

}  // namespace kansrijk
