#include "base/zip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zip.h>

#include <cstdlib>
#include <ctime>

#include "base/error.h"
#include "base/file.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

const ZipNames kNames{.name = "2021/a.docx", .kind = ".docx", .hint = "save it again"};

TEST(ZipReader, ListsAndReadsMembers) {
  std::string bytes = testing::Zip({{"word/document.xml", "<w/>"}, {"_rels/.rels", "<r/>"}});
  ZipReader zip = ZipReader::FromBytes(bytes, kNames);
  EXPECT_THAT(zip.members(), ElementsAre("word/document.xml", "_rels/.rels"));
  ASSERT_EQ(zip.Find("WORD/Document.xml"), std::optional<size_t>(0));
  EXPECT_EQ(zip.Find("WORD/Document.xml", /*ignore_case=*/false), std::nullopt);
  EXPECT_EQ(zip.Find("word/styles.xml"), std::nullopt);
  EXPECT_EQ(zip.Read(1, 1 << 20), "<r/>");
}

TEST(ZipReader, RefusesAMemberThatInflatesPastTheBound) {
  testing::TempDir dir;
  std::filesystem::path bomb = dir.Write("bomb.docx", testing::Zip({{"word/document.xml", std::string(3u << 20, ' ')}}));
  ZipReader zip = ZipReader::Open(bomb, kNames);
  EXPECT_THAT([&] { zip.Read(0, 1u << 20, "split it"); },
              ThrowsMessage<Error>(HasSubstr(
                  "2021/a.docx: word/document.xml inflates to more than 1 MB: refusing it (a zip bomb?) (hint: split it)")));
  EXPECT_EQ(zip.Read(0, 3u << 20).size(), 3u << 20);
}

TEST(ZipReader, SaysWhenTheFileIsNoZip) {
  testing::TempDir dir;
  std::filesystem::path text = dir.Write("a.docx", "geen zip");
  EXPECT_THAT([&] { ZipReader::Open(text, kNames); },
              ThrowsMessage<Error>(HasSubstr("2021/a.docx: not a valid .docx: it is not a zip archive")));
  std::string bytes = "geen zip";
  EXPECT_THAT([&] { ZipReader::FromBytes(bytes, kNames); },
              ThrowsMessage<Error>(HasSubstr("2021/a.docx: not a valid .docx: it is not a zip archive")));
}

// Sets TZ for the life of the object, so a test can write "in Tokyo".
class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~TimeZone() {
    if (old_) setenv("TZ", old_->c_str(), 1); else unsetenv("TZ");
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

const std::vector<ZipMember> kMembers = {{"project.qde", "<Project/>"}, {"sources/a.txt", std::string(5000, 'a')}};

TEST(WriteZip, WritesTheSameBytesEveryTimeAndInEveryTimeZone) {
  testing::TempDir dir;
  std::filesystem::path first = dir.path() / "a.zip", second = dir.path() / "b.zip", tokyo = dir.path() / "c.zip";
  {
    TimeZone utc("UTC");
    WriteZip(first, kMembers);
    WriteZip(second, kMembers);
  }
  {
    TimeZone japan("Asia/Tokyo");
    WriteZip(tokyo, kMembers);
  }
  EXPECT_EQ(ReadFile(first), ReadFile(second));
  EXPECT_EQ(ReadFile(first), ReadFile(tokyo));
  ZipReader zip = ZipReader::Open(first, kNames);
  EXPECT_THAT(zip.members(), ElementsAre("project.qde", "sources/a.txt"));
  EXPECT_EQ(zip.Read(1, 1 << 20), kMembers[1].bytes);
}

TEST(WriteZip, ArchiveAndMembersAreMode0600AndDated1980) {
  testing::TempDir dir;
  std::filesystem::path out = dir.path() / "uit" / "a.zip";
  WriteZip(out, kMembers);
  struct stat info;
  ASSERT_EQ(stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  int error = 0;
  zip_t* archive = zip_open(out.c_str(), ZIP_RDONLY, &error);
  ASSERT_NE(archive, nullptr);
  for (zip_uint64_t i = 0; i < 2; ++i) {
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    ASSERT_EQ(zip_file_get_external_attributes(archive, i, 0, &opsys, &attributes), 0);
    EXPECT_EQ(opsys, ZIP_OPSYS_UNIX);
    EXPECT_EQ(attributes >> 16, 0100600u);
  }
  zip_discard(archive);
  // The DOS date 1980-01-01 00:00 sits in the local header (offset 10: time, 12: date), independent of TZ.
  std::string bytes = ReadFile(out);
  EXPECT_EQ(bytes.substr(10, 4), std::string("\x00\x00\x21\x00", 4));
}

TEST(WriteZip, AFailedWriteLeavesNoFile) {
  testing::TempDir dir;
  std::filesystem::path blocked = dir.Write("bestand", "x") / "a.zip";  // a folder that is a file
  EXPECT_THAT([&] { WriteZip(blocked, kMembers); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr("cannot create the folder")));
  EXPECT_FALSE(std::filesystem::exists(blocked));
}

}  // namespace
}  // namespace kansrijk
