#include "base/file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "base/error.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(ReadFile, ReadsEveryByte) {
  testing::TempDir dir;
  std::string bytes("a\0b\r\n\xFF", 6);
  EXPECT_EQ(ReadFile(dir.Write("a.bin", bytes)), bytes);
}

TEST(ReadFile, NamesAMissingFileAsTheUserKnowsIt) {
  testing::TempDir dir;
  EXPECT_THAT([&] { ReadFile(dir.path() / "weg.csv", {.name = "corpus/weg.csv", .hint = "give the gold CSV"}); },
              ThrowsMessage<Error>(HasSubstr("corpus/weg.csv: no such file (hint: give the gold CSV)")));
  EXPECT_THAT([&] { ReadFile(dir.path()); }, ThrowsMessage<Error>(HasSubstr("is not a regular file")));
  EXPECT_THAT([&] { ReadFile(dir.path() / "weg.yaml", {.name = "weg.yaml", .what = "codebook"}); },
              ThrowsMessage<Error>(HasSubstr("weg.yaml: cannot read the codebook: no such file")));
}

TEST(ReadFile, RefusesAFileOverTheLimitBeforeReadingIt) {
  testing::TempDir dir;
  std::filesystem::path big = dir.Write("groot.txt", std::string(2u << 20, 'x'));
  EXPECT_THAT([&] { ReadFile(big, {.name = "groot.txt", .max_bytes = 1u << 20}); },
              ThrowsMessage<Error>(
                  HasSubstr("groot.txt: the file is 2 MB, over the limit of 1 MB (hint: split it into smaller files)")));
  EXPECT_THAT(
      [&] {
        ReadFile(big, {.name = "groot.txt", .max_bytes = 1u << 20, .limit_for = "one transcript",
                       .too_large_hint = "split it into several transcripts"});
      },
      ThrowsMessage<Error>(HasSubstr("over the limit of 1 MB for one transcript (hint: split it into several transcripts)")));
  EXPECT_EQ(ReadFile(big, {.max_bytes = 2u << 20}).size(), 2u << 20);  // the limit itself is allowed
}

TEST(WriteFileAtomically, WritesAPrivateFileAndCreatesFolders) {
  testing::TempDir dir;
  std::filesystem::path out = dir.path() / "nieuw" / "rapport.md";
  WriteFileAtomically(out, "tekst");
  EXPECT_EQ(ReadFile(out), "tekst");
  struct stat info;
  ASSERT_EQ(stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

// A killed run leaves FILE.PID.tmp; writing FILE again removes it, and only its own: not another file's, not a
// live process's (pid 1), not a name that merely looks alike. The folder is read once per process, so the second
// file's leftover is found from what that first read saw.
TEST(WriteFileAtomically, RemovesTheTemporaryFilesAKilledRunLeft) {
  testing::TempDir dir;
  const std::vector<std::string> names = {"a.html.2147483646.tmp", "b.html.2147483646.tmp", "a.html.1.tmp",
                                          "a.html.x.2147483646.tmp", "a.htm.2147483646.tmp"};
  for (const std::string& name : names) std::ofstream(dir.path() / name) << "half";
  WriteFileAtomically(dir.path() / "a.html", "nieuw");
  std::vector<std::string> kept;
  for (const std::string& name : names) {
    if (std::filesystem::exists(dir.path() / name)) kept.push_back(name);
  }
  EXPECT_EQ(kept, (std::vector<std::string>{"b.html.2147483646.tmp", "a.html.1.tmp", "a.html.x.2147483646.tmp",
                                             "a.htm.2147483646.tmp"}));
  WriteFileAtomically(dir.path() / "b.html", "nieuw");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "b.html.2147483646.tmp"));
  EXPECT_EQ(ReadFile(dir.path() / "b.html"), "nieuw");
}

}  // namespace
}  // namespace kansrijk
