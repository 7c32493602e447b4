// Whole-file reads and writes, written once for every stage.
//
//   std::string bytes = ReadFile(path, {.name = "2021/a.txt", .max_bytes = 64 << 20});
//   WriteFileAtomically("reports/report.md", text);  // a reader sees the old file or the new one, never half
//
// Files we create are 0600 (transcripts are personal data; main() also sets umask 077).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace kansrijk {

struct ReadLimits {
  std::string name;                  // as the user should see the file in an error; empty: the path
  uint64_t max_bytes = 256ull << 20; // larger files are refused with a hint, before anything is read
  std::string hint;                  // what to do when the file cannot be read (default: check the path)
  std::string what;                  // what the file is, for messages: "codebook" → "cannot read the codebook: no
                                     // such file"; empty: "no such file"
  std::string limit_for;             // what the limit is for: "one transcript" → "over the limit of 200 MB for one
                                     // transcript"; empty: no such words
  std::string too_large_hint;        // what to do with a file over the limit (default: split it into smaller files)
};

// The file's bytes. Throws Error naming the file when it is missing, unreadable, not a regular file, or over
// the limit.
std::string ReadFile(const std::filesystem::path& path, const ReadLimits& limits = {});

// Writes `content` to `path` through a temporary file beside it (path.PID.tmp, 0600) and a rename, creating
// missing folders (0700 under main's umask). A temporary file of `path` that a killed run left is removed first.
// Throws Error naming the path when it cannot be written (the temporary file is removed).
void WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

// For libraries that write a file themselves (libxlsxwriter, libzip): `write` gets a temporary path beside
// `path` and must leave the whole file there; it is then renamed over `path`, or removed when `write` throws.
void WriteFileAtomically(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& temporary)>& write);

}  // namespace kansrijk
