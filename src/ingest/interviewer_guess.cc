#include "ingest/interviewer_guess.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ingest/speaker_turns.h"

namespace kansrijk {

namespace {

constexpr const char* kHowToCorrect =
    "if that is wrong, name the interviewer in interviewers.txt or in the manifest's interviewers column";
constexpr const char* kHowToName = "name the interviewer in interviewers.txt or in the manifest's interviewers column";

// The evidence a guess needs: enough turns to judge, most of them questions, and no second asker.
constexpr int kMinTurns = 3;
constexpr double kMinQuestionShare = 0.6;
constexpr double kMaxOtherQuestionShare = 0.3;

struct Asking {
  int turns = 0;
  int questions = 0;
  double share() const { return turns == 0 ? 0 : static_cast<double>(questions) / turns; }
};

void Mark(std::vector<Turn>& turns, const std::string& speaker) {
  for (Turn& turn : turns) turn.is_interviewer = turn.speaker == speaker;
}

}  // namespace

const std::vector<std::string>& GuessedInterviewerLabels() {
  static const std::vector<std::string> labels = {"Interviewer", "Interviewster", "Onderzoeker", "Gespreksleider",
                                                  "Moderator",   "Host",          "I",           "Q",
                                                  "Vraag"};
  return labels;
}

std::optional<std::string> GuessInterviewer(std::vector<Turn>& turns) {
  if (std::any_of(turns.begin(), turns.end(), [](const Turn& t) { return t.is_interviewer; })) return std::nullopt;
  std::vector<std::string> order;  // speakers by their first turn
  std::map<std::string, Asking> asking;
  for (const Turn& turn : turns) {
    if (turn.speaker.empty()) continue;
    if (!asking.contains(turn.speaker)) order.push_back(turn.speaker);
    Asking& a = asking[turn.speaker];
    ++a.turns;
    if (turn.text.find('?') != std::string::npos) ++a.questions;
  }
  // One speaker (a speech, a statement, a monologue): nobody asks, so there is nothing to guess or to warn about.
  if (order.size() < 2) return std::nullopt;

  const InterviewerLabels known(GuessedInterviewerLabels());
  for (const std::string& speaker : order) {
    if (!known.Contains(speaker)) continue;
    Mark(turns, speaker);
    return fmt::format("interviewer guessed: {} (a label that names the interviewer); {}", speaker, kHowToCorrect);
  }

  const std::string& first = order.front();
  const Asking& a = asking[first];
  auto other_asker = std::find_if(order.begin() + 1, order.end(), [&](const std::string& speaker) {
    return asking[speaker].share() > kMaxOtherQuestionShare;
  });
  std::string why;
  if (a.turns < kMinTurns) {
    why = fmt::format("{}, who speaks first, has only {} turn(s)", first, a.turns);
  } else if (a.share() < kMinQuestionShare) {
    why = fmt::format("{}, who speaks first, asks in only {} of {} turns", first, a.questions, a.turns);
  } else if (other_asker != order.end()) {
    why = fmt::format("{} asks too ({} of {} turns), so there is more than one asking speaker", *other_asker,
                      asking[*other_asker].questions, asking[*other_asker].turns);
  } else {
    Mark(turns, first);
    return fmt::format("interviewer guessed: {} ({} of {} turns are questions); {}", first, a.questions, a.turns,
                       kHowToCorrect);
  }
  return fmt::format("no interviewer guessed: {}; every turn counts as a respondent's until you {}", why, kHowToName);
}

}  // namespace kansrijk
