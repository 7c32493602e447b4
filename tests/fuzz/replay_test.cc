// Replays the fuzz targets' seed corpora and every input a fuzzer found (tests/fuzz/regressions/<target>/) through
// the same entry functions as `make fuzz`, in the normal build: a crash, a sanitizer report (make test
// SANITIZE=address,undefined) or an exception other than kansrijk::Error fails the target's test, naming the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "fuzz.h"
#include "test_util.h"

namespace kansrijk {
namespace {

namespace fs = std::filesystem;

// Every target in tests/fuzz/ (a new one is added here, so a target that fails to register is noticed).
const std::vector<std::string> kTargets = {
    "read_txt", "read_docx", "read_odt", "read_pdf", "read_vtt", "read_srt", "corpus_metadata", "codebook",
    "search_query", "import_codings", "import_qdpx", "quote_cutter"};

std::vector<fs::path> Inputs(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzReplay, SeedsAndRegressionsRaiseOnlyErrors) {
  auto target = fuzz::Targets().find(GetParam());
  ASSERT_NE(target, fuzz::Targets().end()) << GetParam() << " is not registered (KANSRIJK_FUZZ_TARGET)";
  const fs::path root = testing::SourceDir() / "tests/fuzz";
  std::vector<fs::path> seeds = Inputs(root / "seeds" / GetParam());
  ASSERT_FALSE(seeds.empty()) << "no seed inputs in tests/fuzz/seeds/" << GetParam();
  std::vector<fs::path> inputs = seeds;
  for (const fs::path& file : Inputs(root / "regressions" / GetParam())) inputs.push_back(file);
  for (const fs::path& file : inputs) {
    std::ostringstream bytes;
    bytes << std::ifstream(file, std::ios::binary).rdbuf();
    const std::string name = fs::relative(file, root).string();
    try {
      target->second(bytes.str());
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << typeid(e).name() << ": " << e.what();
    } catch (...) {
      ADD_FAILURE() << name << ": an exception that is not a std::exception";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(kTargets),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (char c : info.param) name += c == '_' ? "" : std::string(1, c);
                           return name;
                         });

}  // namespace
}  // namespace kansrijk
