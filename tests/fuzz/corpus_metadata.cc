// manifest.csv and interviewers.txt as `kansrijk ingest` reads them: ListCorpus on a folder holding them and two
// transcripts, then each transcript read with its interviewer labels. The input is manifest.csv, then (after a
// line "----") interviewers.txt; without that line there is no interviewers.txt.
#include <filesystem>

#include "base/error.h"
#include "fuzz.h"
#include "ingest/corpus.h"
#include "ingest/read_transcript.h"

namespace fs = std::filesystem;
using namespace kansrijk;

KANSRIJK_FUZZ_TARGET(corpus_metadata) {
  static const fs::path root = [] {
    fs::path r = fuzz::ScratchDir() / "metadata-corpus";
    fuzz::WriteBytes(r / "2021/interview-a.txt", "I: Hoe gaat het?\nR: Goed.\n");
    fuzz::WriteBytes(r / "focusgroep-b.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Petra>Ja.\n");
    return r;
  }();
  const size_t split = input.find("\n----\n");
  fuzz::WriteBytes(root / "manifest.csv", input.substr(0, split));
  if (split == std::string_view::npos) {
    fs::remove(root / "interviewers.txt");
  } else {
    fuzz::WriteBytes(root / "interviewers.txt", input.substr(split + 6));
  }
  try {
    CorpusListing listing = ListCorpus(root);
    for (const SourceFile& source : listing.sources) {
      fuzz::CheckUtf8(source.name, "source name");
      InterviewerLabels interviewers = listing.interviewers;
      for (const std::string& label : source.meta.interviewers) interviewers.Add(label);
      ReadTranscript(source.path, source.name, interviewers);
    }
  } catch (const Error&) {
  }
}
