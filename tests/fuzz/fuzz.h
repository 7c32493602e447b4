// libFuzzer targets that the normal test suite replays.
//
//   KANSRIJK_FUZZ_TARGET(read_srt) {  // `input` is the fuzzer's bytes
//     try { ParseTranscript(input, "fuzz.srt", "fuzz.srt", InterviewerLabels()); } catch (const Error&) {}
//   }
//
// Each target in tests/fuzz/<name>.cc calls the library entry point the CLI uses and catches only kansrijk::Error,
// the way bad input must be reported. Anything else (a crash, a sanitizer report, another exception type) is a
// finding. Built with -DKANSRIJK_LIBFUZZER (`make fuzz`, build-fuzz/fuzz_<name>) the macro defines libFuzzer's
// LLVMFuzzerTestOneInput; in the normal build it registers the entry under its name, and
// tests/fuzz/replay_test.cc feeds it every file in tests/fuzz/seeds/<name>/ and tests/fuzz/regressions/<name>/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "store/store.h"

namespace kansrijk::fuzz {

using Entry = void (*)(std::string_view input);

// The registered targets by name (normal build only; empty in a libFuzzer binary).
std::map<std::string, Entry>& Targets();
bool Register(const char* name, Entry entry);

// A folder of this process under the system temp dir, created on first use and removed at exit.
const std::filesystem::path& ScratchDir();
void WriteBytes(const std::filesystem::path& file, std::string_view bytes);

// A store filled once per process from three documents of the bundled corpus (a .txt, a .vtt and a .docx),
// coded with codebook/kansrijke-start.yaml: what search and the imports run against. Targets that change it
// do so inside RolledBack, so every input meets the same database.
Store& SharedStore();
// Runs `work` in a transaction on `store` that is always rolled back.
void RolledBack(Store& store, const std::function<void()>& work);

// What ingest does with a file's bytes: ParseTranscript as if the file were named `file` (its extension picks
// the reader), then SegmentTurn on every turn. Checks what later stages rely on (every turn's text and speaker
// valid UTF-8; sentences inside their turn, in order) and throws std::logic_error, a finding, when it fails.
void ReadAs(std::string_view input, const char* file);
// ReadAs for a zip package (.docx, .odt): an input that is no zip archive (does not start with "PK") is taken as
// the package's main XML part (word/document.xml, content.xml) and zipped with the few members around it first, so
// the fuzzer works on the XML the reader parses and not only on zip headers and checksums.
void ReadPackageAs(std::string_view input, const char* file);
// Throws std::logic_error naming `what` unless `text` is valid UTF-8.
void CheckUtf8(std::string_view text, const std::string& what);

// The first `n` bytes of `input` as a number (little-endian), and the rest: for targets that take a few
// parameters before their text.
uint32_t TakeNumber(std::string_view& input, size_t n);

}  // namespace kansrijk::fuzz

#ifdef KANSRIJK_LIBFUZZER
#define KANSRIJK_FUZZ_TARGET(name)                                                \
  static void FuzzEntry(std::string_view input);                                  \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {       \
    FuzzEntry(std::string_view(reinterpret_cast<const char*>(data), size));       \
    return 0;                                                                     \
  }                                                                               \
  static void FuzzEntry(std::string_view input)
#else
#define KANSRIJK_FUZZ_TARGET(name)                                                \
  static void FuzzEntry(std::string_view input);                                  \
  [[maybe_unused]] static const bool kRegistered = ::kansrijk::fuzz::Register(#name, FuzzEntry); \
  static void FuzzEntry(std::string_view input)
#endif
