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
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::SourceDir;
using testing::TempDir;

std::filesystem::path Data(const std::string& name) { return SourceDir() / "tests/data/formats" / name; }
using testing::RefiQdaSchemas;
using testing::RefiQdaSamples;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Everything a codebook says, but not where it was read from (file, hash, locations).
void ExpectSameCodebook(const Codebook& a, const Codebook& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.version, b.version);
  ASSERT_EQ(a.categories.size(), b.categories.size());
  for (size_t c = 0; c < a.categories.size(); ++c) {
    const Category &x = a.categories[c], &y = b.categories[c];
    SCOPED_TRACE("category " + x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.label_nl, y.label_nl);
    EXPECT_EQ(x.label_en, y.label_en);
    EXPECT_EQ(x.description, y.description);
    ASSERT_EQ(x.codes.size(), y.codes.size());
    for (size_t k = 0; k < x.codes.size(); ++k) {
      const Code &p = x.codes[k], &q = y.codes[k];
      SCOPED_TRACE("code " + p.id);
      EXPECT_EQ(p.id, q.id);
      EXPECT_EQ(p.category, q.category);
      EXPECT_EQ(p.label_nl, q.label_nl);
      EXPECT_EQ(p.label_en, q.label_en);
      EXPECT_EQ(p.valence, q.valence);
      EXPECT_EQ(p.colour, q.colour);
      EXPECT_EQ(p.definition, q.definition);
      EXPECT_EQ(p.when_to_use, q.when_to_use);
      EXPECT_EQ(p.when_not_to_use, q.when_not_to_use);
      EXPECT_EQ(p.examples, q.examples);
      EXPECT_EQ(p.exclude, q.exclude);
      EXPECT_EQ(p.manual, q.manual);
      ASSERT_EQ(p.rules.size(), q.rules.size());
      for (size_t r = 0; r < p.rules.size(); ++r) {
        const Rule &u = p.rules[r], &v = q.rules[r];
        SCOPED_TRACE("rule " + u.id);
        EXPECT_EQ(u.id, v.id);
        EXPECT_EQ(u.kind, v.kind);
        EXPECT_EQ(u.terms, v.terms);
        EXPECT_EQ(u.pattern, v.pattern);
        EXPECT_EQ(u.stem, v.stem);
        EXPECT_EQ(u.within_turn, v.within_turn);
        EXPECT_EQ(u.means, v.means);
        EXPECT_EQ(u.exclude, v.exclude);
      }
    }
  }
}

// WriteCodebookYaml, then LoadCodebook of the text.
Codebook ThroughYaml(const Codebook& book) {
  TempDir dir;
  return LoadCodebook(dir.Write("codebook.yaml", WriteCodebookYaml(book)));
}

// The message of the Error `f` throws, or "" when it throws none.
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// Runs xmllint --schema on `file`; "" when valid, else its output. Sets `skipped` when the schema or xmllint is absent.
std::string Validate(const std::filesystem::path& file, const std::string& schema, bool& skipped) {
  std::filesystem::path xsd = RefiQdaSchemas() / schema;
  skipped = !std::filesystem::exists(xsd) || std::system("command -v xmllint > /dev/null 2>&1") != 0;
  if (skipped) return "";
  std::string command = fmt::format("xmllint --noout --schema '{}' '{}' 2>&1", xsd.string(), file.string());
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return status == 0 ? "" : output;
}

const Code& CodeOf(const Codebook& book, const std::string& id) {
  const Code* code = book.Find(id);
  if (!code) throw std::runtime_error("no code " + id);
  return *code;
}

std::vector<std::string> Ids(const Category& category) {
  std::vector<std::string> out;
  for (const Code& code : category.codes) out.push_back(code.id);
  return out;
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

// ---- REFI-QDA .qdc ---------------------------------------------------------------------------------------------

TEST(ExportQdc, TheRealCodebookIsValidAndDeterministic) {
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  std::string qdc = ExportQdc(book);
  EXPECT_EQ(qdc, ExportQdc(LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml")));  // byte-identical
  EXPECT_THAT(qdc, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
  EXPECT_THAT(qdc, ::testing::Not(HasSubstr("<Sets")));

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(qdc.c_str()));
  pugi::xml_node codes = doc.child("CodeBook").child("Codes");
  std::set<std::string> guids;
  size_t categories = 0, leaves = 0;
  for (pugi::xml_node category : codes.children("Code")) {
    ++categories;
    EXPECT_STREQ(category.attribute("isCodable").value(), "false");
    EXPECT_EQ(category.attribute("guid").value(),
              StableGuid(std::string("category:kansrijke-start/") + category.attribute("name").value()));
    guids.insert(category.attribute("guid").value());
    for (pugi::xml_node code : category.children("Code")) {
      ++leaves;
      EXPECT_STREQ(code.attribute("isCodable").value(), "true");
      EXPECT_EQ(code.attribute("guid").value(), QdcCodeGuid("kansrijke-start", code.attribute("name").value()));
      EXPECT_EQ(code.attribute("guid").value(), StableGuid(std::string("code:kansrijke-start/") + code.attribute("name").value()));
      EXPECT_EQ(std::string(code.attribute("color").value()).size(), 7u);
      EXPECT_FALSE(code.child("Code"));  // two levels only
      guids.insert(code.attribute("guid").value());
    }
  }
  EXPECT_EQ(categories, book.categories.size());
  EXPECT_EQ(leaves, book.Codes().size());
  EXPECT_EQ(guids.size(), categories + leaves);  // unique
  pugi::xml_node kartrekker = codes.find_node([](pugi::xml_node n) { return std::string(n.attribute("name").value()) == "kartrekker"; });
  ASSERT_TRUE(kartrekker);
  EXPECT_STREQ(kartrekker.attribute("color").value(), "#1b9e77");
  EXPECT_THAT(kartrekker.child_value("Description"), StartsWith("Kartrekker\nen: Driving force\n\nEen actieve persoon"));

  TempDir dir;
  bool skipped = false;
  EXPECT_EQ(Validate(dir.Write("kansrijke-start.qdc", qdc), "Codebook.xsd", skipped), "");
  if (skipped) GTEST_SKIP() << "no xmllint or no " << (RefiQdaSchemas() / "Codebook.xsd");
}

TEST(ExportQdc, RoundTripKeepsIdsLabelsColoursValenceAndCategories) {
  Codebook book = LoadCodebook(SourceDir() / "codebook/kansrijke-start.yaml");
  TempDir dir;
  Codebook back = ImportQdc(dir.Write("kansrijke-start.qdc", ExportQdc(book)));
  ASSERT_EQ(back.categories.size(), book.categories.size());
  for (size_t c = 0; c < book.categories.size(); ++c) {
    const Category &x = book.categories[c], &y = back.categories[c];
    EXPECT_EQ(y.id, x.id);
    EXPECT_EQ(y.label_nl, x.label_nl);
    EXPECT_EQ(y.label_en, x.label_en);
    EXPECT_EQ(y.description, x.description);
    ASSERT_EQ(y.codes.size(), x.codes.size());
    for (size_t k = 0; k < x.codes.size(); ++k) {
      const Code &p = x.codes[k], &q = y.codes[k];
      EXPECT_EQ(q.id, p.id);
      EXPECT_EQ(q.category, p.category);
      EXPECT_EQ(q.label_nl, p.label_nl);
      EXPECT_EQ(q.label_en, p.label_en);
      EXPECT_EQ(q.colour, p.colour);
      EXPECT_EQ(q.definition, p.definition);
      EXPECT_EQ(q.when_to_use, p.when_to_use);
      EXPECT_EQ(q.when_not_to_use, p.when_not_to_use);
      EXPECT_EQ(q.valence, p.valence);  // written as a last "Valence: barrier" paragraph
      EXPECT_TRUE(q.manual);  // rules do not travel in a .qdc
      EXPECT_TRUE(q.rules.empty());
    }
  }
  ExpectSameCodebook(back, ThroughYaml(back));  // and it is a codebook we can load
  // Export → import → export gives the same bytes when the ids stay (the codebook id comes from the file name).
  EXPECT_EQ(ExportQdc(back), ExportQdc(book));
}

TEST(ExportQdc, ACodebookWithoutCategoriesCannotBeExported) {
  Codebook book;
  book.id = "leeg";
  EXPECT_THAT(ErrorOf([&] { ExportQdc(book); }), HasSubstr("the codebook has no categories"));
}

TEST(AppendQdcCodes, FillsAProjectCodeBook) {
  Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  pugi::xml_document doc;
  pugi::xml_node project = doc.append_child("Project");
  project.append_attribute("xmlns") = "urn:QDA-XML:project:1.0";
  project.append_attribute("name") = "test";
  AppendQdcCodes(project.append_child("CodeBook").append_child("Codes"), book);
  pugi::xpath_node_set codes = doc.select_nodes("//Code");
  EXPECT_EQ(codes.size(), book.categories.size() + book.Codes().size());
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  TempDir dir;
  bool skipped = false;
  EXPECT_EQ(Validate(dir.Write("project.qde", out.str()), "Project.xsd", skipped), "");
  if (skipped) GTEST_SKIP() << "no xmllint or no " << (RefiQdaSchemas() / "Project.xsd");
}

TEST(ImportQdc, TheTaguetteSampleWithItsEmptySets) {
  std::filesystem::path sample = RefiQdaSamples() / "taguette141_codebook.qdc";
  if (!std::filesystem::exists(sample)) GTEST_SKIP() << "no " << sample;
  Codebook book = ImportQdc(sample);
  EXPECT_EQ(book.id, "taguette141-codebook");
  ASSERT_EQ(book.categories.size(), 1u);
  EXPECT_EQ(book.categories[0].id, "taguette141-codebook");
  EXPECT_THAT(Ids(book.categories[0]), ElementsAre("xsd-element-name", "codebook", "variables"));
  const Code& code = CodeOf(book, "xsd-element-name");
  EXPECT_EQ(code.label_nl, "xsd:element name");
  EXPECT_EQ(code.label_en, "xsd:element name");
  EXPECT_EQ(code.colour, "#888888");
  EXPECT_TRUE(code.manual);
  EXPECT_EQ(code.valence, Valence::kNeutral);
  ExpectSameCodebook(book, ThroughYaml(book));
}

TEST(ImportQdc, NestingOfAnyDepthBomBracesAndShortColours) {
  TempDir dir;
  std::filesystem::path file = dir.Write(
      "nvivo.qdc",
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1:0\" origin=\"NVivo\">\n"
      "<Codes>\n"
      "  <Code guid=\"{0A1B2C3D-0000-4000-8000-000000000001}\" name=\"Losse code\" isCodable=\"true\" color=\"#F00\"/>\n"
      "  <Code guid=\"0a1b2c3d-0000-4000-8000-000000000002\" name=\"Steun\" isCodable=\"false\">\n"
      "    <Description>Alles over steun.</Description>\n"
      "    <Code guid=\"0A1B2C3D-0000-4000-8000-000000000003\" name=\"Formeel\" isCodable=\"False\">\n"
      "      <Code guid=\"0A1B2C3D-0000-4000-8000-000000000004\" name=\"Huisarts\" isCodable=\"true\" color=\"#00ff0080\">\n"
      "        <Description>De huisarts helpt.</Description>\n"
      "      </Code>\n"
      "    </Code>\n"
      "    <Code guid=\"0A1B2C3D-0000-4000-8000-000000000005\" name=\"Sociaal\" isCodable=\"1\">\n"
      "      <Code guid=\"0A1B2C3D-0000-4000-8000-000000000006\" name=\"Buren\" isCodable=\"true\"/>\n"
      "    </Code>\n"
      "  </Code>\n"
      "  <Code guid=\"0A1B2C3D-0000-4000-8000-000000000007\" name=\"Geld\" isCodable=\"true\">\n"
      "    <Code guid=\"0A1B2C3D-0000-4000-8000-000000000008\" name=\"Tekort\" isCodable=\"true\"/>\n"
      "  </Code>\n"
      "  <Code guid=\"0A1B2C3D-0000-4000-8000-000000000009\" name=\"Leeg\" isCodable=\"false\"/>\n"
      "</Codes>\n"
      "<Sets/>\n"
      "</CodeBook>\n");
  Codebook book = ImportQdc(file);
  ASSERT_EQ(book.categories.size(), 4u);
  EXPECT_EQ(book.categories[0].id, "nvivo");
  EXPECT_THAT(Ids(book.categories[0]), ElementsAre("losse-code"));
  EXPECT_EQ(CodeOf(book, "losse-code").colour, "#FF0000");
  EXPECT_EQ(book.categories[1].id, "steun");
  EXPECT_EQ(book.categories[1].label_nl, "Steun");
  EXPECT_EQ(book.categories[1].description, "Alles over steun.");
  EXPECT_THAT(Ids(book.categories[1]), ElementsAre("formeel-huisarts", "sociaal", "sociaal-buren"));
  EXPECT_EQ(CodeOf(book, "formeel-huisarts").label_nl, "Formeel / Huisarts");
  EXPECT_EQ(CodeOf(book, "formeel-huisarts").definition, "De huisarts helpt.");
  EXPECT_EQ(CodeOf(book, "formeel-huisarts").colour, "#00ff00");
  EXPECT_EQ(CodeOf(book, "formeel-huisarts").defined_at.ToString(), file.string() + ":8:8");
  EXPECT_EQ(CodeOf(book, "sociaal-buren").label_nl, "Sociaal / Buren");
  EXPECT_EQ(book.categories[2].id, "geld");
  EXPECT_THAT(Ids(book.categories[2]), ElementsAre("geld-algemeen", "tekort"));  // a codable category is also a code
  EXPECT_EQ(CodeOf(book, "geld-algemeen").label_nl, "Geld");
  EXPECT_EQ(book.categories[3].id, "leeg");
  EXPECT_TRUE(book.categories[3].codes.empty());
  for (const Code* code : book.Codes()) EXPECT_TRUE(code->manual) << code->id;
  ExpectSameCodebook(book, ThroughYaml(book));
}

TEST(ImportQdc, ErrorsSayWhereAndWhat) {
  TempDir dir;
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n";
  EXPECT_THAT(ErrorOf([&] { ImportQdc(dir.Write("a.qdc", head + "<Code guid=\"x\" name=\"a\" isCodable=\"true\">\n</Codes>")); }),
              HasSubstr("a.qdc:5:3: not well-formed XML"));
  EXPECT_THAT(ErrorOf([&] {
                ImportQdc(dir.Write("b.qdc", head + "  <Code guid=\"c001\" name=\"a\" isCodable=\"true\"/>\n</Codes></CodeBook>"));
              }),
              HasSubstr("b.qdc:4:4: code 'a' has no valid guid ('c001')"));
  EXPECT_THAT(ErrorOf([&] {
                ImportQdc(dir.Write("c.qdc", head +
                                                 "<Code guid=\"0A1B2C3D-0000-4000-8000-000000000001\" name=\"a\" isCodable=\"true\"/>\n"
                                                 "<Code guid=\"{0a1b2c3d-0000-4000-8000-000000000001}\" name=\"b\" isCodable=\"true\"/>\n"
                                                 "</Codes></CodeBook>"));
              }),
              HasSubstr("c.qdc:5:2: code 'b' has the guid {0a1b2c3d-0000-4000-8000-000000000001} of another code"));
  EXPECT_THAT(ErrorOf([&] {
                ImportQdc(dir.Write("d.qdc", head + "<Code guid=\"0A1B2C3D-0000-4000-8000-000000000001\"/>\n</Codes></CodeBook>"));
              }),
              HasSubstr("d.qdc:4:2: a <Code> has no name"));
  EXPECT_THAT(ErrorOf([&] { ImportQdc(dir.Write("e.qdc", "<?xml version=\"1.0\"?>\n<Project name=\"x\"/>\n")); }),
              HasSubstr("e.qdc:2:2: the project has no CodeBook"));
  EXPECT_THAT(ErrorOf([&] { ImportQdc(dir.Write("f.qdc", "<codebook/>")); }),
              HasSubstr("f.qdc:1:2: the root element is <codebook>, not <CodeBook>"));
}

}  // namespace
}  // namespace kansrijk
