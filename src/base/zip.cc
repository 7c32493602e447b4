#include "base/zip.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>

#include "base/error.h"
#include "base/file.h"

namespace kansrijk {

namespace {

std::string ErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string why = zip_error_strerror(&error);
  zip_error_fini(&error);
  return why;
}

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

// zip_discard, not zip_close: we only read, and closing would try to write changes back.
struct ZipReader::Archive {
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip) zip_discard(zip);
  }
};

ZipReader::ZipReader(std::unique_ptr<Archive> archive, ZipNames names)
    : archive_(std::move(archive)), names_(std::move(names)) {
  zip_int64_t count = zip_get_num_entries(archive_->zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* member = zip_get_name(archive_->zip, static_cast<zip_uint64_t>(i), 0);
    members_.push_back(member ? member : "");  // an unnamed entry keeps its index; Find never matches it
  }
}

ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

ZipReader ZipReader::Open(const std::filesystem::path& path, const ZipNames& names) {
  int code = 0;
  auto archive = std::make_unique<Archive>();
  archive->zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!archive->zip) {
    throw Error({names.name}, fmt::format("not a valid {}: it is not a zip archive ({})", names.kind, ErrorText(code)),
                names.hint);
  }
  return ZipReader(std::move(archive), names);
}

ZipReader ZipReader::FromBytes(std::string_view bytes, const ZipNames& names) {
  zip_error_t error;
  zip_error_init(&error);
  // freep = 0: the source only borrows the caller's bytes.
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  auto archive = std::make_unique<Archive>();
  if (source) {
    archive->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!archive->zip) zip_source_free(source);  // on success the archive owns the source
  }
  if (!archive->zip) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error({names.name}, fmt::format("not a valid {}: it is not a zip archive ({})", names.kind, why), names.hint);
  }
  zip_error_fini(&error);
  return ZipReader(std::move(archive), names);
}

std::optional<size_t> ZipReader::Find(std::string_view member, bool ignore_case) const {
  for (size_t i = 0; i < members_.size(); ++i) {
    if (members_[i].empty()) continue;
    if (ignore_case ? SameIgnoringCase(members_[i], member) : members_[i] == member) return i;
  }
  return std::nullopt;
}

std::string ZipReader::Read(size_t index, uint64_t max_bytes, const std::string& over_hint) const {
  const std::string& member = members_.at(index);
  zip_t* zip = archive_->zip;
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(zip, index, 0), &zip_fclose);
  if (!file) {
    throw Error({names_.name}, fmt::format("cannot read {} from the {}: {}", member, names_.kind, zip_strerror(zip)),
                names_.hint);
  }
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      throw Error({names_.name},
                  fmt::format("{} in the {} is damaged: {}", member, names_.kind, zip_file_strerror(file.get())),
                  names_.hint);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    // Checked while inflating, not against the size the archive declares: a crafted archive can lie about it.
    if (out.size() > max_bytes) {
      throw Error({names_.name},
                  fmt::format("{} inflates to more than {} MB: refusing it (a zip bomb?)", member, max_bytes >> 20),
                  over_hint);
    }
  }
  return out;
}

void WriteZip(const std::filesystem::path& path, const std::vector<ZipMember>& members,
              const ZipWriteOptions& options) {
  const std::string name = path.string();
  const auto dos_date = static_cast<zip_uint16_t>(((options.year - 1980) << 9) | (options.month << 5) | options.day);
  constexpr zip_uint16_t kDosTime = 0;  // 00:00:00
  WriteFileAtomically(path, [&](const std::filesystem::path& temporary) {
    int code = 0;
    zip_t* archive = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!archive) throw Error({name}, "cannot write the archive: " + ErrorText(code));
    auto fail = [&](const std::string& what) {
      std::string why = zip_strerror(archive);
      zip_discard(archive);
      throw Error({name}, fmt::format("cannot write {}: {}", what, why), "check that the disk is not full");
    };
    for (const ZipMember& member : members) {  // `members` outlives zip_close, which reads the buffers
      zip_source_t* source = zip_source_buffer(archive, member.bytes.data(), member.bytes.size(), 0);
      if (!source) fail(member.name);
      zip_int64_t index = zip_file_add(archive, member.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
      if (index < 0) {
        zip_source_free(source);
        fail(member.name);
      }
      auto i = static_cast<zip_uint64_t>(index);
      // zip_file_set_dostime, not zip_file_set_mtime: the latter converts a time_t through the local time zone.
      if (zip_file_set_dostime(archive, i, kDosTime, dos_date, 0) != 0 ||
          (options.compression_level > 0 &&
           zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, static_cast<zip_uint32_t>(options.compression_level)) !=
               0) ||
          zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, (0100000u | (options.mode & 07777u)) << 16) !=
              0) {
        fail(member.name);
      }
    }
    if (zip_close(archive) != 0) fail("the archive");
  });
}

}  // namespace kansrijk
