#include "ingest/corpus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

std::string AllErrors(const CorpusListing& listing) {
  std::string out;
  for (const Error& error : listing.errors) out += std::string(error.what()) + "\n";
  return out;
}

TEST(ListCorpus, ManifestGivesYearTypeAndVariables) {
  TempDir dir;
  dir.Write("a/x.txt", "R: ja\n");
  dir.Write("manifest.csv",
            "\xEF\xBB\xBF" "file,year,type,role,municipality,interviewers\r\n"
            "a/x.txt,2021,focusgroep,\"professional, jgz\",\"Den Helder\",Sanne Bakker;Jan\r\n");
  CorpusListing listing = ListCorpus(dir.path());
  ASSERT_EQ(listing.sources.size(), 1u) << AllErrors(listing);
  const DocumentMeta& meta = listing.sources[0].meta;
  EXPECT_EQ(meta.year, 2021);
  EXPECT_EQ(meta.type, DocumentType::kFocusGroup);
  EXPECT_EQ(meta.variables.at("role"), "professional, jgz");
  EXPECT_EQ(meta.variables.at("municipality"), "Den Helder");
  EXPECT_EQ(meta.interviewers, (std::vector<std::string>{"Sanne Bakker", "Jan"}));
  EXPECT_TRUE(listing.errors.empty());
}

TEST(ListCorpus, ManifestFieldWithNewline) {
  TempDir dir;
  dir.Write("x.txt", "R: ja\n");
  dir.Write("manifest.csv", "file,year,type,note\nx.txt,2020,interview,\"twee\nregels\"\n");
  CorpusListing listing = ListCorpus(dir.path());
  ASSERT_EQ(listing.sources.size(), 1u) << AllErrors(listing);
  EXPECT_EQ(listing.sources[0].meta.variables.at("note"), "twee\nregels");
}

TEST(ListCorpus, YearAndTypeFromThePath) {
  TempDir dir;
  dir.Write("2019/focusgroep-zwolle.vtt", "WEBVTT\n");
  dir.Write("2020/interview_a.txt", "R: ja\n");
  dir.Write("oud/interview-2018-terug.docx", "x");
  dir.Write("README.md", "# corpus\n");
  dir.Write("notities.pages", "x");
  CorpusListing listing = ListCorpus(dir.path());
  ASSERT_EQ(listing.sources.size(), 3u);
  EXPECT_EQ(listing.sources[0].name, "2019/focusgroep-zwolle.vtt");
  EXPECT_EQ(listing.sources[0].meta.type, DocumentType::kFocusGroup);
  EXPECT_EQ(listing.sources[1].meta.year, 2020);
  EXPECT_EQ(listing.sources[2].meta.year, 2018);
  ASSERT_EQ(listing.warnings.size(), 1u);
  EXPECT_THAT(listing.warnings[0].message, HasSubstr("skipped 1 file(s) that are not transcripts"));
  EXPECT_THAT(listing.warnings[0].message, HasSubstr("notities.pages"));
}

// The database being filled may lie in the corpus folder (`kansrijk ingest . --db kansrijk.db`): it and its
// SQLite companions are ours, not skipped transcripts. Another database is still reported.
TEST(ListCorpus, LeavesOutTheDatabaseAndItsCompanions) {
  TempDir dir;
  dir.Write("2021/interview.txt", "R: ja\n");
  for (const char* name : {"kansrijk.db", "kansrijk.db-wal", "kansrijk.db-shm", "kansrijk.db-journal", "ander.db"}) {
    dir.Write(name, "x");
  }
  CorpusListing listing = ListCorpus(dir.path(), dir.path() / "2021/../kansrijk.db");
  ASSERT_EQ(listing.sources.size(), 1u) << AllErrors(listing);
  ASSERT_EQ(listing.warnings.size(), 1u);
  EXPECT_EQ(listing.warnings[0].message,
            "skipped 1 file(s) that are not transcripts (.txt .md .docx .odt .pdf .vtt .srt):\n  ander.db");
  // Without the database named, all five are other files.
  EXPECT_THAT(ListCorpus(dir.path()).warnings[0].message, HasSubstr("skipped 5 file(s)"));
}

TEST(ListCorpus, DocumentsWithoutYearAreOneErrorListingThemAll) {
  TempDir dir;
  dir.Write("a/interview.txt", "R: ja\n");
  dir.Write("b/focus.txt", "R: ja\n");
  dir.Write("2021/interview.txt", "R: ja\n");
  CorpusListing listing = ListCorpus(dir.path());
  EXPECT_EQ(listing.sources.size(), 1u);
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_THAT(listing.errors[0].what(), HasSubstr("2 document(s) have no year:\n  a/interview.txt\n  b/focus.txt"));
}

TEST(ListCorpus, ManifestErrorsNameTheRow) {
  TempDir dir;
  dir.Write("2021/a.txt", "R: ja\n");
  dir.Write("2021/b.txt", "R: ja\n");
  dir.Write("manifest.csv",
            "file,year,type\n"
            "2021/a.txt,2021,interview\n"
            "2021/gone.txt,2021,interview\n"
            "../buiten.txt,2021,interview\n"
            "2021/b.txt,2021,interview\n"
            "2021/b.txt,2020,focusgroep\n"
            "2021/a.txt,twintig,interview\n");
  CorpusListing listing = ListCorpus(dir.path());
  std::string errors = AllErrors(listing);
  EXPECT_THAT(errors, HasSubstr("manifest.csv:row 3: '2021/gone.txt' is listed but there is no such transcript file"));
  EXPECT_THAT(errors, HasSubstr("manifest.csv:row 4: file '../buiten.txt' is not a path inside the corpus folder"));
  EXPECT_THAT(errors, HasSubstr("manifest.csv:row 6: '2021/b.txt' is listed twice (also in row 5)"));
  EXPECT_THAT(errors, HasSubstr("manifest.csv:row 7: year 'twintig' is not a year like 2021"));
  // a.txt is still ingested with its first row; b.txt is not, since its rows disagree.
  ASSERT_EQ(listing.sources.size(), 1u);
  EXPECT_EQ(listing.sources[0].name, "2021/a.txt");
}

TEST(ListCorpus, ManifestWithBrokenQuotes) {
  TempDir dir;
  dir.Write("2021/a.txt", "R: ja\n");
  dir.Write("manifest.csv", "file,year,type\n\"2021/a.txt,2021,interview\n");
  CorpusListing listing = ListCorpus(dir.path());
  EXPECT_THAT(AllErrors(listing), HasSubstr("manifest.csv:row 2: cannot read the CSV"));
  EXPECT_EQ(listing.sources.size(), 1u);  // the year comes from the path instead
}

TEST(ListCorpus, SymlinkLoopIsReportedNotFollowed) {
  TempDir dir;
  dir.Write("2021/interview-a.txt", "R: ja\n");
  std::filesystem::create_directory_symlink(dir.path() / "2021", dir.path() / "2021" / "lus");
  CorpusListing listing = ListCorpus(dir.path());
  EXPECT_EQ(listing.sources.size(), 1u);
  ASSERT_EQ(listing.warnings.size(), 1u);
  EXPECT_EQ(listing.warnings[0].where.file, "2021/lus");
  EXPECT_THAT(listing.warnings[0].ToString(), HasSubstr("2021/lus: skipped, a symlink loop"));
}

TEST(ListCorpus, InterviewersFile) {
  TempDir dir;
  dir.Write("interviewers.txt", "# extra labels\nBegeleider\n\n");
  dir.Write("2021/a.txt", "R: ja\n");
  EXPECT_TRUE(ListCorpus(dir.path()).interviewers.Contains("begeleider"));
}

}  // namespace
}  // namespace kansrijk
