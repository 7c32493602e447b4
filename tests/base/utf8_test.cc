// The UTF-8 helpers of base/utf8.h: code-point offsets (REFI-QDA and our exports count code points, not bytes),
// line and column for error messages, white space, and keyword-in-context lines.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace kansrijk {
namespace {

// "Één 🙂 café": É is 2 bytes, the emoji 4, é 2.
const std::string kMixed = "\xC3\x89\xC3\xA9n \xF0\x9F\x99\x82 caf\xC3\xA9";

TEST(CodePointOffset, CountsCodePointsBeforeTheByte) {
  struct Case {
    std::string text;
    size_t byte;
    size_t expected;
  };
  const std::vector<Case> cases = {
      {"", 0, 0},
      {"geld", 0, 0},
      {"geld", 2, 2},
      {"geld", 4, 4},
      {"geld", 99, 4},     // past the end: the whole text
      {kMixed, 2, 1},      // after É
      {kMixed, 4, 2},      // after Éé
      {kMixed, 6, 4},      // "Één "
      {kMixed, 10, 5},     // after the emoji
      {kMixed, 11, 6},
      {kMixed, 14, 9},     // before é of café
      {kMixed, 16, 10},    // the whole text
      {kMixed, 8, 5},      // inside the emoji: the code point has begun
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CodePointOffset(c.text, c.byte), c.expected) << "'" << c.text << "' at byte " << c.byte;
  }
}

TEST(ByteOffsetOfCodePoint, IsTheInverseAndStopsAtTheEnd) {
  struct Case {
    std::string text;
    size_t index;
    std::optional<size_t> expected;
  };
  const std::vector<Case> cases = {
      {"", 0, 0},
      {"", 1, std::nullopt},
      {"geld", 0, 0},
      {"geld", 3, 3},
      {"geld", 4, 4},               // the end itself
      {"geld", 5, std::nullopt},    // past the end
      {kMixed, 1, 2},
      {kMixed, 2, 4},
      {kMixed, 4, 6},               // the emoji starts here
      {kMixed, 5, 10},              // and takes 4 bytes
      {kMixed, 9, 14},
      {kMixed, 10, 16},
      {kMixed, 11, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ByteOffsetOfCodePoint(c.text, c.index), c.expected) << "'" << c.text << "' code point " << c.index;
  }
  // Every code point boundary goes there and back.
  for (size_t index = 0; index <= 10; ++index) {
    std::optional<size_t> byte = ByteOffsetOfCodePoint(kMixed, index);
    ASSERT_TRUE(byte) << index;
    EXPECT_EQ(CodePointOffset(kMixed, *byte), index);
  }
}

TEST(LineColumnAt, CountsLinesAndCodePointColumnsFromOne) {
  const std::string text = "ab\n\xC3\xA9\xF0\x9F\x99\x82x\n\nz";  // "ab", "é🙂x", "", "z"
  struct Case {
    size_t byte;
    int line, column;
  };
  const std::vector<Case> cases = {
      {0, 1, 1},  {1, 1, 2},  {2, 1, 3},   // the line end itself is on line 1
      {3, 2, 1},  {5, 2, 2},  {9, 2, 3},   // after é (2 bytes), after the emoji (4 bytes)
      {10, 2, 4}, {11, 3, 1}, {12, 4, 1},
      {13, 4, 2}, {99, 4, 2},              // past the end: the end
  };
  for (const Case& c : cases) {
    LineColumn at = LineColumnAt(text, c.byte);
    EXPECT_EQ(at.line, c.line) << "byte " << c.byte;
    EXPECT_EQ(at.column, c.column) << "byte " << c.byte;
  }
}

TEST(CollapseWhitespace, MakesOneSpaceOfEveryRunAndTrims) {
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \t\r\n"), "");
  EXPECT_EQ(CollapseWhitespace("geen geld"), "geen geld");
  EXPECT_EQ(CollapseWhitespace("  geen \t\r\n  geld\n"), "geen geld");
  EXPECT_EQ(CollapseWhitespace("a\fb\vc"), "a b c");
  EXPECT_EQ(CollapseWhitespace("caf\xC3\xA9\n\xF0\x9F\x99\x82"), "caf\xC3\xA9 \xF0\x9F\x99\x82");
  EXPECT_EQ(CollapseWhitespace("a\xC2\xA0" "b"), "a\xC2\xA0" "b");  // a no-break space is not white space here
}

TEST(Trim, DropsSpacesTabsAndLineEndsAtBothEnds) {
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\r\n"), "");
  EXPECT_EQ(Trim("geld"), "geld");
  EXPECT_EQ(Trim("\r\n geen  geld\t\n"), "geen  geld");  // inside stays as it is
  EXPECT_EQ(Trim("\fgeld"), "\fgeld");                   // only space, tab, CR and LF
}

TEST(KeywordInContext, CutsTheContextAtSpaces) {
  const std::string text = "Er is eigenlijk gewoon te weinig geld voor de hele coalitie, zei ze.";
  const Span geld{33, 37};
  ASSERT_EQ(text.substr(geld.begin, geld.size()), "geld");
  struct Case {
    int context;
    std::string left, right;
  };
  const std::vector<Case> cases = {
      {100, "Er is eigenlijk gewoon te weinig ", " voor de hele coalitie, zei ze."},  // all of it: no "…"
      {12, "…te weinig ", " voor de…"},     // 12 code points reach into "gewoon" and "hele": cut at the space
      {3, "…", " vo…"},  // no space inside: backward drops the cut word, forward keeps its start
      {0, "…", "…"},     // no context, but the text goes on at both sides
  };
  for (const Case& c : cases) {
    Kwic kwic = KeywordInContext(text, geld, c.context);
    EXPECT_EQ(kwic.left, c.left) << "context " << c.context;
    EXPECT_EQ(kwic.text, "geld") << "context " << c.context;
    EXPECT_EQ(kwic.right, c.right) << "context " << c.context;
  }
}

TEST(KeywordInContext, CountsCodePointsAndCollapsesWhiteSpace) {
  const std::string text = "\xF0\x9F\x99\x82 \xC3\xA9\xC3\xA9n  geen\n\ngeld  hier";  // "🙂 één  geen\n\ngeld  hier"
  const size_t begin = text.find("geen");
  const Span match{static_cast<uint32_t>(begin), static_cast<uint32_t>(text.size() - 6)};
  Kwic kwic = KeywordInContext(text, match, 6);
  EXPECT_EQ(kwic.left, "…\xC3\xA9\xC3\xA9n ");  // 6 code points back end at the space after the emoji
  EXPECT_EQ(KeywordInContext(text, match, 7).left, "\xF0\x9F\x99\x82 \xC3\xA9\xC3\xA9n ");  // 7: all of it
  EXPECT_EQ(kwic.text, "geen geld");
  EXPECT_EQ(kwic.right, " hier");
  // A match at the very start and end of the text has no context and no "…".
  Kwic all = KeywordInContext("geld", {0, 4}, 10);
  EXPECT_EQ(all.left, "");
  EXPECT_EQ(all.text, "geld");
  EXPECT_EQ(all.right, "");
}

}  // namespace
}  // namespace kansrijk
