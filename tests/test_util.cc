#include "test_util.h"

#include <unicode/unistr.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zip.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace kansrijk::testing {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() / ("kansrijk-test-" + std::to_string(getpid()) + "-" +
                                                    std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::Write(const std::string& relative, const std::string& bytes) const {
  std::filesystem::path file = path_ / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  return file;
}

std::string Utf16(const std::string& utf8, bool little_endian) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (int32_t i = 0; i < text.length(); ++i) {
    char16_t unit = text.charAt(i);
    char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
    out += little_endian ? std::string{low, high} : std::string{high, low};
  }
  return out;
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("kansrijk-zip-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}()));
  int error = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive) throw std::runtime_error("zip_open failed");
  for (const auto& [name, content] : members) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(file);
  return bytes;
}

std::string Docx(const std::string& body_xml) {
  return Zip({{"[Content_Types].xml",
               R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
              {"_rels/.rels",
               R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)"},
              {"word/document.xml",
               R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
                   body_xml + "</w:body></w:document>"}});
}

std::filesystem::path SourceDir() { return KANSRIJK_SOURCE_DIR; }

std::filesystem::path RefiQdaSchemas() { return SourceDir() / "tests/data/refi-qda"; }

std::filesystem::path RefiQdaSamples() {
  std::vector<std::filesystem::path> candidates = {SourceDir() / "../shared/refi-qda/samples", "/work/shared/refi-qda/samples"};
  if (const char* env = std::getenv("KANSRIJK_REFI_SAMPLES"); env && *env) candidates.insert(candidates.begin(), env);
  for (const auto& c : candidates) {
    if (std::filesystem::is_directory(c)) return c;
  }
  return {};
}

CliResult RunCli(const std::string& args) {
  std::string command = args.starts_with("__chromium__ ") ? "chromium " + args.substr(13) + " 2>&1"
                                                           : std::string(KANSRIJK_CLI) + " " + args + " 2>&1";
  if (args.starts_with("__prlimit__ ")) {  // "__prlimit__ BYTES args": under a file size limit
    std::string rest = args.substr(12);
    size_t space = rest.find(' ');
    command = "prlimit --fsize=" + rest.substr(0, space) + " " + std::string(KANSRIJK_CLI) + rest.substr(space) + " 2>&1";
  }
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) result.out.append(buffer.data(), n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const Morphology& SharedMorphology() {
  static const Morphology morphology = Morphology::Load();
  return morphology;
}

}  // namespace kansrijk::testing
