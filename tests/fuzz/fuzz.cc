#include "fuzz.h"

#include <unicode/utf8.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <stdexcept>
#include <vector>

#include "base/error.h"
#include "base/zip.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "ingest/read_transcript.h"
#include "normalize/morphology.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "segment/segment.h"

namespace kansrijk::fuzz {
namespace {

namespace fs = std::filesystem;

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("kansrijk-fuzz-" + std::to_string(getpid()) + "-" +
                                        std::to_string(std::random_device()()));
    fs::create_directories(path);
    fs::permissions(path, fs::perms::owner_all);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

struct Undo {};  // thrown by RolledBack to leave the transaction without committing

}  // namespace

std::map<std::string, Entry>& Targets() {
  static std::map<std::string, Entry> targets;
  return targets;
}

bool Register(const char* name, Entry entry) {
  Targets().emplace(name, entry);
  return true;
}

const fs::path& ScratchDir() {
  static Scratch scratch;
  return scratch.path;
}

void WriteBytes(const fs::path& file, std::string_view bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

Store& SharedStore() {
  static Store store = [] {
    const fs::path source = fs::path(KANSRIJK_SOURCE_DIR) / "corpus";
    const fs::path corpus = ScratchDir() / "store-corpus";
    for (const char* file : {"2019/interview-zwolle-projectleider.txt", "2021/interview-schiedam-huisarts.vtt",
                             "2020/interview-deventer-projectleider.docx"}) {
      fs::create_directories((corpus / file).parent_path());
      fs::copy_file(source / file, corpus / file, fs::copy_options::overwrite_existing);
    }
    Store s = Store::Open(ScratchDir() / "fuzz.db");
    Ingest(s, {.corpus = corpus, .threads = 1});
    Codebook codebook = LoadCodebook(fs::path(KANSRIJK_SOURCE_DIR) / "codebook/kansrijke-start.yaml");
    Morphology morphology = Morphology::Load();
    CodeCorpus(s, codebook, Coder(codebook, morphology));
    return s;
  }();
  return store;
}

void RolledBack(Store& store, const std::function<void()>& work) {
  try {
    store.Atomically([&] {
      work();
      throw Undo{};
    });
  } catch (const Undo&) {
  }
}

void CheckUtf8(std::string_view text, const std::string& what) {
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0) throw std::logic_error(what + ": invalid UTF-8 at byte " + std::to_string(at));
  }
}

void ReadAs(std::string_view input, const char* file) {
  try {
    Transcript transcript = ParseTranscript(input, file, file, InterviewerLabels());
    for (const Turn& turn : transcript.turns) {
      const std::string where = "turn " + std::to_string(turn.number);
      CheckUtf8(turn.text, where + " text");
      CheckUtf8(turn.speaker, where + " speaker");
      SegmentedTurn segmented = SegmentTurn(turn.text);
      uint32_t end = 0;
      for (const Span& s : segmented.sentences) {
        if (s.begin < end || s.end < s.begin || s.end > turn.text.size()) {
          throw std::logic_error(where + ": sentence [" + std::to_string(s.begin) + ", " + std::to_string(s.end) +
                                 ") out of order or outside the turn");
        }
        end = s.end;
      }
    }
  } catch (const Error&) {
  }
}

void ReadPackageAs(std::string_view input, const char* file) {
  if (input.starts_with("PK")) return ReadAs(input, file);
  std::vector<ZipMember> members;
  if (fs::path(file).extension() == ".docx") {
    members = {{"[Content_Types].xml",
                R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
               {"_rels/.rels",
                R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)"},
               {"word/document.xml", std::string(input)}};
  } else {
    members = {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", std::string(input)}};
  }
  const fs::path package = ScratchDir() / file;
  WriteZip(package, members, {.compression_level = 1});
  std::ifstream in(package, std::ios::binary);
  ReadAs(std::string(std::istreambuf_iterator<char>(in), {}), file);
}

uint32_t TakeNumber(std::string_view& input, size_t n) {
  uint32_t value = 0;
  for (size_t i = 0; i < n && !input.empty(); ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(input.front())) << (8 * i);
    input.remove_prefix(1);
  }
  return value;
}

}  // namespace kansrijk::fuzz
