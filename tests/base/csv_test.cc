#include "base/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, WhatWeWriteReadsBack) {
  Rows rows = {{"file", "text"}, {"a.txt", "zei \"ja\", toen\nnee; klaar"}, {"", ""}};
  std::string text;
  for (const auto& row : rows) text += CsvRow(row);
  EXPECT_EQ(ReadCsv(text, "t.csv"), rows);
}

// Excel writes semicolons where the decimal separator is a comma (Dutch settings); some programs write tabs.
TEST(Csv, TheSeparatorIsTakenFromTheFirstLine) {
  EXPECT_EQ(ReadCsv("file;turn;memo\r\na.txt;4;\"een, twee\"\r\n", "t.csv"),
            (Rows{{"file", "turn", "memo"}, {"a.txt", "4", "een, twee"}}));
  EXPECT_EQ(ReadCsv("file\tturn\na.txt\t4\n", "t.csv"), (Rows{{"file", "turn"}, {"a.txt", "4"}}));
  // Semicolons inside quotes do not count; a tie keeps the comma.
  EXPECT_EQ(ReadCsv("\"a;b;c\",d\n1,2\n", "t.csv"), (Rows{{"a;b;c", "d"}, {"1", "2"}}));
  EXPECT_EQ(ReadCsv("a;b,c\n", "t.csv"), (Rows{{"a;b", "c"}}));
}

TEST(Csv, BrokenQuotingNamesTheRow) {
  try {
    ReadCsv("a;b\n1;2\n\"3;4\n", "sheet.csv");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "sheet.csv");
    EXPECT_EQ(e.where().row, 3);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("sheet.csv:row 3: cannot read the CSV"));
    EXPECT_THAT(e.hint(), ::testing::HasSubstr("semicolon"));
  }
}

// A sheet saved by Excel with Dutch settings: Windows-1252 and semicolons.
TEST(Csv, ReadsAFileAsASpreadsheetSavesIt) {
  testing::TempDir dir;
  std::filesystem::path file = dir.Write("sheet.csv", "file;memo\r\na.txt;\x93" "caf\xE9\x94, geen \x80\r\n");
  EXPECT_EQ(ReadCsvFile(file, "sheet.csv"),
            (std::vector<std::vector<std::string>>{{"file", "memo"}, {"a.txt", "“café”, geen €"}}));
  EXPECT_TRUE(ReadCsvFile(dir.Write("empty.csv", ""), "empty.csv").empty());
  EXPECT_THAT([&] { ReadCsvFile(dir.path() / "none.csv", "none.csv"); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr("none.csv: no such file")));
}

// One rule for every CSV we read (manifest.csv, gold files, review sheets): case and white space in a header
// cell do not count.
TEST(Csv, HeaderCellsNameColumnsByOneRule) {
  EXPECT_EQ(ColumnKey(" File "), "file");
  EXPECT_EQ(ColumnKey("START\t  Time"), "start time");
  EXPECT_EQ(ColumnKey(""), "");
  testing::TempDir dir;
  CsvTable table = ReadCsvTable(dir.Write("gold.csv", "\xEF\xBB\xBF File ;TURN;code;Code\r\na.txt;4;geld;x\r\n"), "gold.csv");
  EXPECT_EQ(table.Column("file"), std::optional<size_t>(0));
  EXPECT_EQ(table.Column("Turn"), std::optional<size_t>(1));
  EXPECT_EQ(table.Column("code"), std::optional<size_t>(2));  // the first of two
  EXPECT_EQ(table.Column("valence"), std::nullopt);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][1], "4");
  EXPECT_EQ(table.Where(0).ToString(), "gold.csv:row 2");
  EXPECT_TRUE(ReadCsvTable(dir.Write("leeg.csv", ""), "leeg.csv").header.empty());
}

}  // namespace
}  // namespace kansrijk
