// A deterministic generated corpus for benchmarks: Dutch interviews and focus groups on the programme's themes,
// written as `year/interview-N.txt` with `I:`/`R:` (or `Gespreksleider:`/`Deelnemer N:`) turns, so that
// kansrijk ingests them without a manifest. The same arguments give the same bytes on every machine.
#pragma once

#include <cstddef>
#include <filesystem>

namespace kansrijk::bench {

struct GeneratedCorpus {
  size_t documents = 1000;
  size_t bytes_per_document = 15 << 10;  // about; each ends at a whole turn
  size_t large_documents = 1;            // this many of them are 4x as long (60 KB by default)
  unsigned seed = 20261205;
};

// Writes the corpus under `folder` (created; existing files overwritten) and returns its total size in bytes.
size_t WriteGeneratedCorpus(const std::filesystem::path& folder, const GeneratedCorpus& corpus);

}  // namespace kansrijk::bench
