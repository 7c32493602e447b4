#include "base/decode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

using testing::Utf16;

const std::string kText = "R: De co\u00F6rdinatie met de verloskundige loopt \u201Cgoed\u201D \u2013 echt.\n";

TEST(Decode, Utf8WithAndWithoutBom) {
  EXPECT_EQ(DecodeText(kText, "a.txt").text, kText);
  DecodedText bom = DecodeText("\xEF\xBB\xBF" + kText, "a.txt");
  EXPECT_EQ(bom.text, kText);
  EXPECT_EQ(bom.encoding, "UTF-8");
}

TEST(Decode, Utf16BothEndians) {
  for (bool little : {true, false}) {
    DecodedText d = DecodeText(Utf16(kText, little), "a.txt");
    EXPECT_EQ(d.text, kText);
    EXPECT_EQ(d.encoding, little ? "UTF-16LE" : "UTF-16BE");
  }
}

TEST(Decode, Windows1252WithCurlyQuotes) {
  std::string text;
  for (int i = 0; i < 8; ++i) {
    text += "R: De co\xF6rdinatie met de verloskundige loopt \x93goed\x94 \x96 echt\x85 Het is een kwestie van "
            "vertrouwen, zei ze. Ideeën zijn er genoeg.\n";
  }
  DecodedText d = DecodeText(text, "a.txt");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_NE(d.text.find("co\u00F6rdinatie"), std::string::npos);
  EXPECT_NE(d.text.find("\u201Cgoed\u201D \u2013 echt\u2026"), std::string::npos);
}

TEST(Decode, Latin1WithoutC1BytesReadsAsWindows1252) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "Wij hebben een co\xF6rdinator en twee idee\xEBn voor de gemeente.\n";
  DecodedText d = DecodeText(text, "a.txt");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_NE(d.text.find("idee\u00EBn"), std::string::npos);
}

struct BadInput {
  std::string name, bytes, message;
};

TEST(Decode, RejectsBadInputWithClearMessages) {
  const BadInput cases[] = {
      {"empty.txt", "", "empty.txt: the file is empty"},
      {"binary.txt", std::string("\x7F" "ELF\x02\x01\x01\x00\x00\x00", 10), "binary.txt: this is a binary file"},
      {"mixed.txt", "R: co\xC3\xB6rdinatie\nR: caf\xE9 ok\n", "mixed.txt:2: invalid UTF-8 (byte 0xE9"},
      {"bom.txt", "\xEF\xBB\xBF" "caf\xE9", "bom.txt:1: invalid UTF-8"},
  };
  for (const BadInput& c : cases) {
    try {
      DecodeText(c.bytes, c.name);
      ADD_FAILURE() << c.name << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(std::string(error.what()).rfind(c.message, 0), 0u) << error.what();
      EXPECT_FALSE(error.hint().empty()) << c.name;
    }
  }
}

TEST(Decode, DropsStrayControlCharacters) {
  DecodedText d = DecodeText("R: ja\x07 goed\n", "a.txt");
  EXPECT_EQ(d.text, "R: ja goed\n");
  EXPECT_EQ(d.dropped_controls, 1);
}

}  // namespace
}  // namespace kansrijk
