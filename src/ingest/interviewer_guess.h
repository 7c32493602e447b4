// Who interviews, when nobody said: a guess from the labels and the questions, for documents where neither the
// manifest, interviewers.txt nor the default labels mark an interviewer turn.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/transcript.h"

namespace kansrijk {

// Labels that name the one asking the questions, tried first: Interviewer, Interviewster, Onderzoeker,
// Gespreksleider, Moderator, Host, I, Q, Vraag (any case, optionally numbered).
const std::vector<std::string>& GuessedInterviewerLabels();

// When no turn of `turns` is an interviewer's, marks the turns of the guessed interviewer and returns what to
// tell the user: "interviewer guessed: Hurst, Peter (27 of 31 turns are questions); ...". The guess is a speaker
// with one of GuessedInterviewerLabels, else the speaker who speaks first and asks in most turns (a '?') while
// no other speaker does. With weaker evidence nothing is marked and the message says so. Returns nullopt when an
// interviewer was already marked, or fewer than two speakers are named.
std::optional<std::string> GuessInterviewer(std::vector<Turn>& turns);

}  // namespace kansrijk
