#include "base/file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xlsxwriter.h>
#include <zip.h>

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

unsigned ModeOf(const std::filesystem::path& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return 01000;  // no such file: no mode a test expects
  return info.st_mode & 0777;
}

// With umask 0 (a library caller that did not set one, unlike main()), the libraries that write a file themselves
// would make it 0666: libxlsxwriter opens it with fopen, libzip gives its own temporary file the mode of the file
// it replaces (strace: "openat(... .tmp, O_WRONLY|O_CREAT|O_TRUNC, 0666)"). The temporary file they get is made
// 0600 first, so it stays 0600 while they write it, not only after the rename.
TEST(WriteFileAtomically, TheTemporaryFileIsPrivateWhileALibraryWritesIt) {
  testing::TempDir dir;
  const mode_t saved = umask(0);
  std::vector<unsigned> modes;
  WriteFileAtomically(dir.path() / "rapport.xlsx", [&](const std::filesystem::path& temporary) {
    modes.push_back(ModeOf(temporary));
    lxw_workbook* book = workbook_new(temporary.c_str());  // as WriteXlsx (report/xlsx.cc)
    worksheet_write_string(workbook_add_worksheet(book, nullptr), 0, 0, "tekst", nullptr);
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
    modes.push_back(ModeOf(temporary));
  });
  WriteFileAtomically(dir.path() / "citaten.docx", [&](const std::filesystem::path& temporary) {
    int code = 0;
    zip_t* archive = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);  // as WriteZip (base/zip.cc)
    ASSERT_NE(archive, nullptr);
    zip_file_add(archive, "a.txt", zip_source_buffer(archive, "tekst", 5, 0), 0);
    ASSERT_EQ(zip_close(archive), 0);
    modes.push_back(ModeOf(temporary));
  });
  umask(saved);
  EXPECT_EQ(modes, (std::vector<unsigned>{0600, 0600, 0600}));
  EXPECT_EQ(ModeOf(dir.path() / "rapport.xlsx"), 0600u);
  EXPECT_EQ(ModeOf(dir.path() / "citaten.docx"), 0600u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);  // no temporary file left
}

}  // namespace
}  // namespace kansrijk
