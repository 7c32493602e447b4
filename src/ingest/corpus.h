// Which files of a corpus folder are transcripts, and their metadata.
//
// manifest.csv at the corpus root (columns file,year,type and any further ones, such as role or
// municipality) gives each document its year, type and variables; an optional column `interviewers`
// (labels separated by ';') names the interviewers of that document. Without a manifest row, the year comes
// from a 19xx/20xx part of the path (file name first, then folders) and the type from
// interview/focusgroep/focus in the path. interviewers.txt at the root adds interviewer labels (one per line).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.h"
#include "ingest/speaker_turns.h"
#include "ingest/transcript.h"

namespace kansrijk {

struct SourceFile {
  std::filesystem::path path;  // as found on disk
  std::string name;            // relative to the corpus root, '/'-separated: the document's key
  DocumentMeta meta;
};

struct CorpusListing {
  std::vector<SourceFile> sources;    // sorted by name
  InterviewerLabels interviewers;     // defaults + interviewers.txt
  std::vector<Error> errors;          // manifest rows and files that cannot be used; the rest goes on
  std::vector<Diagnostic> warnings;   // skipped files, guessed metadata, symlink loops
};

// Files at the corpus root that describe the corpus rather than being transcripts.
bool IsCorpusMetadataFile(const std::string& name);

// Walks `root` recursively (following symlinks, reporting loops). Throws Error only when `root` itself
// cannot be read; everything else is collected in the listing. `database` (the store being filled, when it
// lies inside the corpus folder) and its SQLite companions -wal, -shm and -journal are left out silently:
// they are ours, not a researcher's file to warn about.
CorpusListing ListCorpus(const std::filesystem::path& root, const std::filesystem::path& database = {});

}  // namespace kansrijk
