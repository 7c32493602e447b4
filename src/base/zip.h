// Zip archives in and out (libzip), for the formats that are zip packages: .docx, .odt and .qdpx.
//
//   ZipReader docx = ZipReader::Open(path, {.name = "2021/a.docx", .kind = ".docx", .hint = kHint});
//   std::optional<size_t> part = docx.Find("word/document.xml");
//   std::string xml = docx.Read(*part, 64 << 20);  // refuses to inflate more: a zip bomb
//
//   WriteZip("reports/quotes.docx", {{"[Content_Types].xml", types}, {"word/document.xml", document}});
//
// libzip is included in src/base/zip.cc only; every other stage goes through this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kansrijk {

struct ZipNames {
  std::string name;  // how errors name the archive (relative to the corpus root, or as the user gave it)
  std::string kind;  // the format, for messages: ".docx" → "not a valid .docx", "cannot read X from the .docx"
  std::string hint;  // what to do when the archive cannot be opened or a member is damaged
};

class ZipReader {
 public:
  // Opens the archive at `path`; members are inflated only when read. Throws Error at `names.name` ("not a
  // valid <kind>: it is not a zip archive (why)") when it is not a zip archive or cannot be read.
  static ZipReader Open(const std::filesystem::path& path, const ZipNames& names);
  // The same for an archive already in memory. `bytes` must outlive the reader (it is not copied).
  static ZipReader FromBytes(std::string_view bytes, const ZipNames& names);

  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  // The member names in archive order (index i is member i); folders included, as the archive lists them.
  const std::vector<std::string>& members() const { return members_; }

  // The index of the member named `member`, ignoring ASCII case when `ignore_case`; nullopt when absent.
  std::optional<size_t> Find(std::string_view member, bool ignore_case = true) const;

  // The inflated bytes of member `index`. Throws Error at the archive's name, naming the member, when the
  // member cannot be read or is damaged, and when it inflates to more than `max_bytes` (a zip bomb:
  // "word/document.xml inflates to more than 64 MB: refusing it (a zip bomb?)", with `over_hint`).
  std::string Read(size_t index, uint64_t max_bytes, const std::string& over_hint = "") const;

 private:
  struct Archive;
  ZipReader(std::unique_ptr<Archive> archive, ZipNames names);

  std::unique_ptr<Archive> archive_;
  ZipNames names_;
  std::vector<std::string> members_;
};

struct ZipMember {
  std::string name;   // the path inside the archive, '/'-separated, UTF-8
  std::string bytes;
};

struct ZipWriteOptions {
  // Every member's modification date, written as a fixed DOS date and time 00:00 (never converted through the
  // local time zone), so the same members give the same bytes in any time zone and on any day.
  int year = 1980, month = 1, day = 1;
  // Every member's Unix permission bits. 0600 by default: what we zip holds transcripts, which are personal data.
  uint32_t mode = 0600;
  // Deflate level 1-9; 0 leaves libzip's default (deflate at zlib's default level).
  int compression_level = 0;
};

// Writes `members`, in order, as a zip archive at `path` (replaced if it exists) through WriteFileAtomically,
// so an interrupted write never leaves half an archive. Deterministic: the same members and options give the
// same bytes. Throws Error naming `path` (and the member) when it cannot be written.
void WriteZip(const std::filesystem::path& path, const std::vector<ZipMember>& members,
              const ZipWriteOptions& options = {});

}  // namespace kansrijk
