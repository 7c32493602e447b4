#include "base/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"

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
    EXPECT_EQ(e.where().line, 3);
    EXPECT_THAT(e.hint(), ::testing::HasSubstr("semicolon"));
  }
}

}  // namespace
}  // namespace kansrijk
