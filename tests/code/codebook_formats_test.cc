#include "code/codebook_formats.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "base/guid.h"
#include "code/coder.h"
#include "code/codebook_checks.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::SourceDir;
using testing::TempDir;
using namespace testing::codebook_checks;

std::filesystem::path Data(const std::string& name) { return SourceDir() / "tests/data/formats" / name; }
using testing::RefiQdaSchemas;
using testing::RefiQdaSamples;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ---- YAML --------------------------------------------------------------------------------------------------

TEST(WriteCodebookYaml, RoundTripOfTheRealCodebook) {
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  ASSERT_GT(book.Codes().size(), 5u);
  ExpectSameCodebook(book, ThroughYaml(book));
  EXPECT_EQ(WriteCodebookYaml(book), WriteCodebookYaml(ThroughYaml(book)));  // deterministic, and a fixed point
}

TEST(WriteCodebookYaml, RoundTripOfTheTestCodebook) {
  Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  ExpectSameCodebook(book, ThroughYaml(book));
}

TEST(WriteCodebookYaml, TextThatLooksLikeYamlStaysText) {
  Codebook book;
  book.id = "lastig";
  book.title = "Codeboek: lastige tekst";
  book.version = "1.0";
  Category category;
  category.id = "cat";
  category.label_nl = "null";
  category.label_en = "~";
  category.description = "Regel één\nregel twee: met dubbele punt\n\nen een alinea.";
  Code code;
  code.id = "code-1";
  code.category = "cat";
  code.label_nl = code.label_en = "- geen lijst";
  code.valence = Valence::kBarrier;
  code.colour = "#A1B2C3";
  code.definition = "  begint met spaties, eindigt met een regel\n";
  code.when_to_use = "# geen commentaar";
  code.when_not_to_use = "'aanhalingstekens' en \"meer\"";
  code.examples = {"true", "12", "{niet: een map}", "[niet, een, lijst]", "Coördinatie, één — cliënt"};
  code.exclude = {"*tekort", "a, b", "yes"};
  Rule terms;
  terms.id = "eigen-id";
  terms.terms = {"geld*", "*privacy*", "te weinig geld", "&anker", "!tag"};
  terms.stem = true;
  terms.means = Rule::Means::kResolved;
  terms.exclude = {"geldt"};
  code.rules.push_back(terms);
  Rule near;
  near.kind = RuleKind::kNear;
  near.id = "code-1/near-2";  // the default id: not written
  near.pattern = "[geen, niet] NEAR/3 [geld]";
  near.within_turn = true;
  near.means = Rule::Means::kAbsence;
  code.rules.push_back(near);
  Rule regex;
  regex.kind = RuleKind::kRegex;
  regex.id = "code-1/regex-3";
  regex.pattern = R"(\bwie (gaat )?betal|'\s")";
  code.rules.push_back(regex);
  category.codes.push_back(code);
  Code manual;
  manual.id = "handmatig";
  manual.category = "cat";
  manual.label_nl = "Handmatig";
  manual.label_en = "Manual";
  manual.colour = "#888888";
  manual.manual = true;
  category.codes.push_back(manual);
  book.categories.push_back(category);
  Category empty;
  empty.id = "leeg";
  book.categories.push_back(empty);

  std::string yaml = WriteCodebookYaml(book);
  EXPECT_THAT(yaml, HasSubstr("manual: true"));
  EXPECT_THAT(yaml, ::testing::Not(HasSubstr("code-1/near-2")));
  EXPECT_THAT(yaml, HasSubstr("eigen-id"));
  ExpectSameCodebook(book, ThroughYaml(book));
}

// ---- manual: true --------------------------------------------------------------------------------------------

constexpr const char* kManualHead =
    "id: t\ntitle: T\ncategories:\n  - id: c\n    codes:\n"
    "      - id: auto\n        examples: [geld]\n        rules: [{terms: [geld]}]\n";

TEST(ManualCodes, NeedNoRulesAndAreNeverCoded) {
  TempDir dir;
  Codebook book = LoadCodebook(dir.Write("a.yaml", std::string(kManualHead) +
                                                       "      - id: handmatig\n        manual: true\n"
                                                       "        examples: [geld is er genoeg]\n"
                                                       "      - id: ook-handmatig\n        manual: true\n        rules: []\n"));
  ASSERT_NE(book.Find("handmatig"), nullptr);
  EXPECT_TRUE(book.Find("handmatig")->manual);
  EXPECT_TRUE(book.Find("handmatig")->rules.empty());
  EXPECT_FALSE(book.Find("auto")->manual);
  Morphology morphology = Morphology::Load();
  Coder coder(book, morphology);
  std::vector<Coding> codings = coder.Apply("Het geld is er, zegt de coalitie.");
  ASSERT_EQ(codings.size(), 1u);
  EXPECT_EQ(codings[0].code, "auto");
  EXPECT_THAT(CheckCodebook(book, morphology), ::testing::IsEmpty());  // its example is not run, and may be absent
}

TEST(ManualCodes, ManualWithRulesOrAFlagThatIsNotBooleanIsAnError) {
  TempDir dir;
  EXPECT_THAT(ErrorOf([&] {
                LoadCodebook(dir.Write("a.yaml", std::string(kManualHead) +
                                                     "      - id: h\n        manual: true\n        rules: [{terms: [x]}]\n"));
              }),
              HasSubstr("a.yaml:11:16: code 'h' is manual: true but has rules"));
  EXPECT_THAT(ErrorOf([&] {
                LoadCodebook(dir.Write("b.yaml", std::string(kManualHead) + "      - id: h\n        manual: ja\n"));
              }),
              HasSubstr("b.yaml:10:17: manual must be true or false"));
  EXPECT_THAT(ErrorOf([&] { LoadCodebook(dir.Write("c.yaml", std::string(kManualHead) + "      - id: h\n")); }),
              HasSubstr("c.yaml:9:9: code 'h' has no rules (hint: add at least one rule under rules:, or mark it manual"));
}

// ---- quanteda ------------------------------------------------------------------------------------------------

TEST(ImportQuantedaDictionary, KeysBecomeCategoriesAndCodes) {
  Codebook book = ImportQuantedaDictionary(Data("quanteda-nl.yml"));
  EXPECT_EQ(book.id, "quanteda-nl");
  EXPECT_EQ(book.title, "quanteda-nl");
  EXPECT_EQ(book.content_hash.size(), 32u);
  ASSERT_EQ(book.categories.size(), 3u);
  EXPECT_EQ(book.categories[0].id, "quanteda-nl");  // the flat keys
  EXPECT_THAT(Ids(book.categories[0]), ElementsAre("financiering", "personeel"));
  EXPECT_EQ(book.categories[1].id, "steun");
  EXPECT_EQ(book.categories[1].label_nl, "steun");
  EXPECT_THAT(Ids(book.categories[1]), ElementsAre("steun-sociaal", "steun-formeel-zorg", "steun-formeel-school"));
  EXPECT_EQ(book.categories[2].id, "samenwerking");
  EXPECT_THAT(Ids(book.categories[2]), ElementsAre("samenwerking-algemeen", "samenwerking-netwerk"));

  const Code& financiering = CodeOf(book, "financiering");
  EXPECT_EQ(financiering.category, "quanteda-nl");
  EXPECT_EQ(financiering.label_nl, "financiering");
  EXPECT_EQ(financiering.valence, Valence::kNeutral);
  EXPECT_EQ(financiering.colour, "#1b9e77");
  EXPECT_FALSE(financiering.manual);
  ASSERT_EQ(financiering.rules.size(), 1u);
  EXPECT_EQ(financiering.rules[0].id, "financiering/terms-1");
  EXPECT_EQ(financiering.rules[0].kind, RuleKind::kTerms);
  EXPECT_FALSE(financiering.rules[0].stem);
  EXPECT_THAT(financiering.rules[0].terms, ElementsAre("geld", "budget*", "*financiering", "te weinig geld"));
  EXPECT_EQ(financiering.defined_at.ToString(), Data("quanteda-nl.yml").string() + ":2:1");
  EXPECT_EQ(CodeOf(book, "personeel").colour, "#d95f02");
  EXPECT_EQ(CodeOf(book, "steun-sociaal").colour, "#7570b3");

  EXPECT_EQ(CodeOf(book, "steun-formeel-zorg").label_nl, "formeel / zorg");
  EXPECT_EQ(CodeOf(book, "steun-formeel-zorg").category, "steun");
  EXPECT_EQ(CodeOf(book, "samenwerking-algemeen").label_nl, "samenwerking");
  EXPECT_THAT(CodeOf(book, "samenwerking-algemeen").rules[0].terms, ElementsAre("overleg*", "afstemming"));

  // ? and a * inside a word have no glob of ours: each becomes a regex rule that means the same.
  const Code& netwerk = CodeOf(book, "samenwerking-netwerk");
  ASSERT_EQ(netwerk.rules.size(), 3u);
  EXPECT_THAT(netwerk.rules[0].terms, ElementsAre("netwerk*"));
  EXPECT_EQ(netwerk.rules[1].id, "samenwerking-netwerk/regex-2");
  EXPECT_EQ(netwerk.rules[1].pattern, R"(\bketenpartner[\pL\pN]\b)");
  EXPECT_EQ(netwerk.rules[2].pattern, R"(\bsamen[\pL\pN]*werking\b)");
}

TEST(ImportQuantedaDictionary, TheImportIsACodebookThatCodes) {
  Codebook book = ImportQuantedaDictionary(Data("quanteda-nl.yml"));
  ExpectSameCodebook(book, ThroughYaml(book));
  Morphology morphology = Morphology::Load();
  Coder coder(book, morphology);
  auto codes = [&](const std::string& text) {
    std::set<std::string> out;
    for (const Coding& c : coder.Apply(text)) out.insert(c.code);
    return out;
  };
  EXPECT_THAT(codes("We hebben te weinig geld en een personeelstekort."), ElementsAre("financiering", "personeel"));
  EXPECT_THAT(codes("De samenwerking met de ketenpartners loopt goed."), ElementsAre("samenwerking-netwerk"));
  EXPECT_THAT(codes("De ketenpartner belt."), ::testing::IsEmpty());  // ? is exactly one character
  EXPECT_THAT(codes("De verloskundige en de juf."), ElementsAre("steun-formeel-school", "steun-formeel-zorg"));
}

TEST(ImportQuantedaDictionary, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(ErrorOf([] { ImportQuantedaDictionary(Data("quanteda-kapot.yml")); }),
            Data("quanteda-kapot.yml").string() +
                ":3:1: 'zorgen' has no terms (hint: give it a list of terms such as [geld, budget*], or remove it)");
  TempDir dir;
  EXPECT_THAT(ErrorOf([&] { ImportQuantedaDictionary(dir.Write("a.yml", "geld: [geld, budget\nzorg: [x]\n")); }),
              HasSubstr("a.yml:2:5: not valid YAML"));
  EXPECT_THAT(ErrorOf([&] { ImportQuantedaDictionary(dir.Write("b.yml", "geld:\n  - geld\n  - [a, b]\n")); }),
              HasSubstr("b.yml:3:5: a term of 'geld' is not text"));
  EXPECT_THAT(ErrorOf([&] { ImportQuantedaDictionary(dir.Write("c.yml", "geld:\n  - geld\n  - '*'\n")); }),
              HasSubstr("c.yml:3:5: term '*': '*' has no letters or digits"));
  EXPECT_THAT(ErrorOf([&] { ImportQuantedaDictionary(dir.Write("d.yml", "- geld\n- budget\n")); }),
              HasSubstr("d.yml:1: a quanteda dictionary must be a mapping"));
  // Keys nested past yaml-cpp's limit (500): the depth and the line, not yaml-cpp's "bad file".
  std::string deep;
  for (int i = 0; i < 600; ++i) deep += std::string(2 * i, ' ') + "k:\n";
  EXPECT_THAT(ErrorOf([&] { ImportQuantedaDictionary(dir.Write("e.yml", deep)); }),
              HasSubstr("e.yml:499:999: the YAML is nested 500 levels deep here, as deep as the YAML reader goes"));
}

// ---- LIWC ------------------------------------------------------------------------------------------------------

TEST(ImportLiwcDictionary, CategoriesBecomeCodes) {
  Codebook book = ImportLiwcDictionary(Data("liwc-nl.dic"));
  EXPECT_EQ(book.id, "liwc-nl");
  ASSERT_EQ(book.categories.size(), 1u);
  EXPECT_EQ(book.categories[0].id, "liwc-nl");
  EXPECT_THAT(Ids(book.categories[0]), ElementsAre("positief", "negatief", "zorg", "geld", "leeg"));
  EXPECT_THAT(CodeOf(book, "positief").rules[0].terms, ElementsAre("fijn", "goed*", "blij"));
  // A term in several categories is a term of each.
  EXPECT_THAT(CodeOf(book, "negatief").rules[0].terms, ElementsAre("zorgen", "probleem*", "te weinig geld"));
  EXPECT_THAT(CodeOf(book, "zorg").rules[0].terms, ElementsAre("zorgen", "huisarts*", "verloskundige", "kraamzorg"));
  EXPECT_THAT(CodeOf(book, "geld").rules[0].terms, ElementsAre("geld", "budget*", "subsidie*", "te weinig geld"));
  EXPECT_EQ(CodeOf(book, "zorg").definition, "Zorg en hulpverlening");
  EXPECT_EQ(CodeOf(book, "zorg").colour, "#7570b3");
  EXPECT_EQ(CodeOf(book, "zorg").valence, Valence::kNeutral);
  EXPECT_TRUE(CodeOf(book, "leeg").manual);  // no terms
  EXPECT_TRUE(CodeOf(book, "leeg").rules.empty());
  EXPECT_EQ(CodeOf(book, "zorg").defined_at.ToString(), Data("liwc-nl.dic").string() + ":4:1");
  ExpectSameCodebook(book, ThroughYaml(book));
  Morphology morphology = Morphology::Load();
  Coder coder(book, morphology);
  EXPECT_EQ(coder.Apply("Subsidies").size(), 1u);
}

TEST(ImportLiwcDictionary, ToleratesBomCrlfAndSpaces) {
  std::string lf = ReadFile(Data("liwc-nl.dic"));
  std::string crlf, spaces;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    spaces += c == '\t' ? std::string("  ") : std::string(1, c);
  }
  TempDir dir;
  Codebook expected = ImportLiwcDictionary(Data("liwc-nl.dic"));
  Codebook with_crlf = ImportLiwcDictionary(dir.Write("liwc-nl.dic", "\xEF\xBB\xBF" + crlf));
  ExpectSameCodebook(expected, with_crlf);
  Codebook with_spaces = ImportLiwcDictionary(dir.Write("spaces/liwc-nl.dic", spaces));
  ExpectSameCodebook(expected, with_spaces);
}

TEST(ImportLiwcDictionary, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(ErrorOf([] { ImportLiwcDictionary(Data("liwc-kapot.dic")); }),
            Data("liwc-kapot.dic").string() +
                ":6:10: category 7 is not in the header (hint: add it between the two '%' lines, or correct the number)");
  TempDir dir;
  // The second % is missing: the first term line is read as a header line.
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("a.dic", "%\n1\tpositief\nfijn\t1\n")); }),
              HasSubstr("a.dic:3:1: 'fijn' is not a category number (hint: a header line is 'number<TAB>category'; is "
                        "the closing '%' line of the header missing?)"));
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("b.dic", "%\n1\tpositief\n\n")); }),
              HasSubstr("b.dic:1:1: the header that starts here has no closing line '%'"));
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("c.dic", "%\r\n1\tpositief\r\n%\r\nfijn\t1\r\nblij \r\n")); }),
              HasSubstr("c.dic:5:5: term 'blij' has no category numbers"));
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("d.dic", "1\tpositief\n%\n")); }),
              HasSubstr("d.dic:1:1: a LIWC dictionary starts with a line '%'"));
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("e.dic", "%\n1\tpositief\n%\nleuk\t(02 1)1/2\n")); }),
              HasSubstr("e.dic:4:6: '(02' is not a category number (hint: LIWC 2007 conditional"));
  EXPECT_THAT(ErrorOf([&] { ImportLiwcDictionary(dir.Write("f.dic", "%\n1\tpositief\n1\tnegatief\n%\n")); }),
              HasSubstr("f.dic:3:1: category 1 is defined twice"));
}

}  // namespace
}  // namespace kansrijk
