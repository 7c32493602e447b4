// Helpers for tests: temporary corpus folders, files in any encoding, small .docx packages.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "normalize/morphology.h"

namespace kansrijk::testing {

// A fresh folder under the system temp dir, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to `relative` (creating folders) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

// UTF-8 text → UTF-16 with a BOM, little- or big-endian.
std::string Utf16(const std::string& utf8, bool little_endian);

// A minimal .docx whose body holds `body_xml` (w:p elements, "w" namespace declared).
std::string Docx(const std::string& body_xml);
// A zip archive of the given (name, content) members.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& members);

// Runs the kansrijk binary with `args` (a shell command line); "__chromium__ ..." runs the browser instead, and
// "__prlimit__ BYTES ..." runs kansrijk under a file size limit of BYTES (util-linux prlimit).
struct CliResult {
  int status = -1;
  std::string out;  // stdout and stderr
};
CliResult RunCli(const std::string& args);

std::string ReadFile(const std::filesystem::path& path);

// The REFI-QDA schemas (Project.xsd, Codebook.xsd), kept in tests/data/refi-qda (MIT; provenance in SOURCE.md).
std::filesystem::path RefiQdaSchemas();
// Real exports of other QDA programs, for import tests: $KANSRIJK_REFI_SAMPLES, else the team's shared folder
// (../shared/refi-qda/samples beside the repository, or /work/shared/refi-qda/samples). Empty when none is found.
std::filesystem::path RefiQdaSamples();

// The repository root (for the bundled corpus and the CLI binary).
std::filesystem::path SourceDir();

// The hunspell-nl morphology, loaded once for the whole test binary (loading takes about a second).
const Morphology& SharedMorphology();

}  // namespace kansrijk::testing
