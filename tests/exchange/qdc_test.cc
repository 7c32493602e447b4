#include "exchange/qdc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "base/guid.h"
#include "code/codebook_checks.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::RefiQdaSamples;
using testing::RefiQdaSchemas;
using testing::SourceDir;
using testing::TempDir;
using namespace testing::codebook_checks;

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
