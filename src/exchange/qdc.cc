// REFI-QDA codebooks: pugixml writes and reads the XML of Codebook.xsd (REFI-QDA 1.5).
#include "exchange/qdc.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "base/file.h"
#include "base/guid.h"
#include "base/utf8.h"
#include "base/xml.h"
#include "code/codebook_formats.h"
#include "code/codebook_import.h"

namespace kansrijk {

namespace {

using codebook_import::Finish;
using codebook_import::Ids;
using codebook_import::kGeneralSuffix;
using codebook_import::NewBook;
using codebook_import::Slug;

constexpr const char* kCodebookNamespace = "urn:QDA-XML:codebook:1.0";

// The Description of a code or category: the label (and "en: ..." when the English differs), then paragraphs.
std::string Description(const std::string& nl, const std::string& en, const std::vector<std::string>& paragraphs) {
  std::string out = nl;
  if (!en.empty() && en != nl) out += "\nen: " + en;
  for (const std::string& paragraph : paragraphs) {
    if (!paragraph.empty()) out += "\n\n" + paragraph;
  }
  return out;
}

constexpr const char* kWhenToUse = "When to use: ";
constexpr const char* kWhenNotToUse = "When not to use: ";
constexpr const char* kValence = "Valence: ";  // facilitator, barrier or neutral: the last paragraph

void AppendDescription(pugi::xml_node code, const std::string& text) {
  if (!text.empty()) code.append_child("Description").text().set(text.c_str());
}

class QdcReader {
 public:
  explicit QdcReader(const std::filesystem::path& file) : file_(file), name_(file.string()) {}

  Codebook Read() {
    std::string bytes = ReadFile(file_, {.hint = "give the path of a .qdc file", .what = "REFI-QDA codebook"});
    Codebook book = NewBook(file_, bytes);
    text_ = std::string(WithoutBom(bytes));
    pugi::xml_parse_result result = document_.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
      LineColumn at = LineColumnAt(text_, static_cast<size_t>(result.offset));
      throw Error({name_, at.line, at.column}, std::string("not well-formed XML: ") + result.description(),
                  "a .qdc is the XML of a REFI-QDA codebook; check that the file is complete");
    }
    pugi::xml_node root = document_.document_element();
    if (LocalName(root) == "Project") {  // a project.qde: its CodeBook
      std::vector<pugi::xml_node> books = Children(root, "CodeBook");
      if (books.empty()) throw Error(At(root), "the project has no CodeBook", "export the codebook from the project as .qdc");
      root = books.front();
    } else if (LocalName(root) != "CodeBook") {
      throw Error(At(root), fmt::format("the root element is <{}>, not <CodeBook>", root.name()),
                  fmt::format("a REFI-QDA codebook starts with <CodeBook xmlns=\"{}\">", kCodebookNamespace));
    }
    CheckNamespace(root);
    ours_ = std::string_view(root.attribute("origin").as_string()).starts_with("kansrijk");
    std::vector<pugi::xml_node> codes = Children(root, "Codes");
    if (codes.empty()) throw Error(At(root), "the codebook has no <Codes>", "a .qdc lists its codes in <Codes>");
    std::vector<Code> flat;
    for (pugi::xml_node node : Children(codes.front(), "Code")) {
      Attributes a = AttributesOf(node);
      std::vector<pugi::xml_node> children = Children(node, "Code");
      if (children.empty() && a.codable) {
        flat.push_back(MakeCode(node, a, ids_.Unique(IdFor(a.name)), a.name));
        continue;
      }
      Category category;
      category.id = ids_.Unique(IdFor(a.name));
      if (ours_) {
        category.description = Split(a.description, category.label_nl, category.label_en);
      } else {
        category.label_nl = category.label_en = a.name;
        category.description = a.description;
      }
      if (a.codable) {
        category.codes.push_back(MakeCode(node, a, ids_.Unique(category.id + kGeneralSuffix), a.name));
      }
      for (pugi::xml_node child : children) Walk(category, child, "");
      book.categories.push_back(std::move(category));
    }
    return Finish(std::move(book), std::move(flat), file_, ids_);
  }

 private:
  struct Attributes {
    std::string name, colour, description;
    bool codable = true;
  };

  Location At(const pugi::xml_node& node) const {
    ptrdiff_t offset = node.offset_debug();
    if (offset < 0) return {name_};
    LineColumn at = LineColumnAt(text_, static_cast<size_t>(offset));
    return {name_, at.line, at.column};
  }

  void CheckNamespace(const pugi::xml_node& root) const {
    std::string_view name = root.name();
    size_t colon = name.find(':');
    std::string attribute = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    std::string_view ns = root.attribute(attribute.c_str()).as_string();
    // Tolerated: no namespace, and the 1:0 typo some exporters write (NOTES pitfall 7).
    if (!ns.empty() && !ns.starts_with("urn:QDA-XML:codebook:") && !ns.starts_with("urn:QDA-XML:project:")) {
      throw Error(At(root), fmt::format("unknown namespace '{}'", ns),
                  fmt::format("a REFI-QDA codebook has the namespace {}", kCodebookNamespace));
    }
  }

  Attributes AttributesOf(const pugi::xml_node& node) {
    Attributes a;
    a.name = node.attribute("name").as_string();
    if (a.name.empty()) throw Error(At(node), "a <Code> has no name", "every Code needs a name attribute");
    std::string guid = node.attribute("guid").as_string();
    std::string canonical = CanonicalGuid(guid);
    if (canonical.empty()) {
      throw Error(At(node), fmt::format("code '{}' has no valid guid ('{}')", a.name, guid),
                  "a guid is 8-4-4-4-12 hex digits, such as 3f1c0a2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
    }
    if (!guids_.insert(canonical).second) {
      throw Error(At(node), fmt::format("code '{}' has the guid {} of another code", a.name, guid),
                  "every Code needs its own guid");
    }
    std::string codable = AsciiLower(node.attribute("isCodable").as_string("true"));
    a.codable = codable != "false" && codable != "0";
    a.colour = Colour(node.attribute("color").as_string());
    for (pugi::xml_node description : Children(node, "Description")) {
      for (pugi::xml_node part : description.children()) {
        if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) a.description += part.value();
      }
    }
    return a;
  }

  static std::string Colour(std::string colour) {
    static const RE2 rgb("#[0-9A-Fa-f]{3}"), rrggbb("#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?");
    if (RE2::FullMatch(colour, rgb)) return {'#', colour[1], colour[1], colour[2], colour[2], colour[3], colour[3]};
    if (RE2::FullMatch(colour, rrggbb)) return colour.substr(0, 7);  // #RRGGBBAA: the alpha is dropped
    return kDefaultColour;
  }

  // Our own exports name things by their ids; other tools by their labels.
  std::string IdFor(const std::string& name) const { return ours_ && IsValidId(name) ? name : Slug(name, "code"); }

  // The label block of one of our Descriptions, and what follows it.
  static std::string Split(const std::string& description, std::string& nl, std::string& en) {
    size_t end = description.find("\n\n");
    std::string head = description.substr(0, end);
    std::string body = end == std::string::npos ? "" : description.substr(end + 2);
    size_t line_end = head.find('\n');
    nl = head.substr(0, line_end);
    en = nl;
    if (line_end != std::string::npos) {
      std::string rest = head.substr(line_end + 1);
      if (rest.starts_with("en: ")) en = rest.substr(4);
      else nl = head;
    }
    return body;
  }

  Code MakeCode(const pugi::xml_node& node, const Attributes& a, const std::string& id, const std::string& label) {
    Code code;
    code.id = id;
    code.defined_at = At(node);
    code.valence = Valence::kNeutral;
    code.colour = a.colour;
    code.manual = true;  // a .qdc carries no rules
    if (!ours_) {
      code.label_nl = code.label_en = label;
      code.definition = a.description;
      return code;
    }
    // The label block, the definition, then "When to use: ..." and "When not to use: ..." paragraphs.
    std::string text = "\n\n" + Split(a.description, code.label_nl, code.label_en);
    if (size_t found = text.rfind(std::string("\n\n") + kValence); found != std::string::npos) {
      std::string valence = text.substr(found + 2 + std::string_view(kValence).size());
      code.valence = ParseValence(valence).value_or(Valence::kNeutral);
      text.resize(found);
    }
    for (auto [marker, field] : {std::pair{kWhenNotToUse, &code.when_not_to_use}, {kWhenToUse, &code.when_to_use}}) {
      size_t found = text.find(std::string("\n\n") + marker);
      if (found == std::string::npos) continue;
      *field = text.substr(found + 2 + std::string_view(marker).size());
      text.resize(found);
    }
    code.definition = text.substr(2);
    if (code.label_nl.empty()) code.label_nl = code.label_en = a.name;
    return code;
  }

  // A Code below a category: a code when codable, its path naming its descendants.
  void Walk(Category& category, const pugi::xml_node& node, const std::string& path) {
    Attributes a = AttributesOf(node);
    std::string label = path.empty() ? a.name : path + " / " + a.name;
    if (a.codable) category.codes.push_back(MakeCode(node, a, ids_.Unique(IdFor(label)), label));
    for (pugi::xml_node child : Children(node, "Code")) Walk(category, child, label);
  }

  std::filesystem::path file_;
  std::string name_;
  std::string text_;
  pugi::xml_document document_;
  bool ours_ = false;
  Ids ids_;
  std::set<std::string> guids_;
};

}  // namespace

std::string QdcCodeGuid(std::string_view codebook_id, std::string_view code_id) {
  return StableGuid(fmt::format("code:{}/{}", codebook_id, code_id));
}

std::string QdcCategoryGuid(std::string_view codebook_id, std::string_view category_id) {
  return StableGuid(fmt::format("category:{}/{}", codebook_id, category_id));
}

void AppendQdcCodes(pugi::xml_node codes, const Codebook& book) {
  for (const Category& category : book.categories) {
    pugi::xml_node parent = codes.append_child("Code");
    parent.append_attribute("guid").set_value(QdcCategoryGuid(book.id, category.id).c_str());
    parent.append_attribute("name").set_value(category.id.c_str());
    parent.append_attribute("isCodable").set_value("false");
    AppendDescription(parent, Description(category.label_nl, category.label_en, {category.description}));
    for (const Code& code : category.codes) {
      pugi::xml_node child = parent.append_child("Code");
      child.append_attribute("guid").set_value(QdcCodeGuid(book.id, code.id).c_str());
      child.append_attribute("name").set_value(code.id.c_str());
      child.append_attribute("isCodable").set_value("true");
      if (IsColour(code.colour)) child.append_attribute("color").set_value(code.colour.c_str());
      AppendDescription(child, Description(code.label_nl, code.label_en,
                                           {code.definition, code.when_to_use.empty() ? "" : kWhenToUse + code.when_to_use,
                                            code.when_not_to_use.empty() ? "" : kWhenNotToUse + code.when_not_to_use,
                                            kValence + std::string(ToString(code.valence))}));
    }
  }
}

std::string ExportQdc(const Codebook& book) {
  if (book.categories.empty()) {
    throw Error({book.file}, "the codebook has no categories", "a .qdc needs at least one code");
  }
  pugi::xml_document document;
  pugi::xml_node root = StartDocument(document, "CodeBook", kCodebookNamespace);
  AppendQdcCodes(root.append_child("Codes"), book);
  std::ostringstream out;
  document.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

Codebook ImportQdc(const std::filesystem::path& file) { return QdcReader(file).Read(); }

Codebook ImportCodebook(const std::filesystem::path& file, const std::string& given) {
  std::string format = given, extension = file.extension().string();
  if (format.empty()) {
    format = extension == ".dic" ? "liwc" : extension == ".qdc" ? "qdc"
             : extension == ".yml" || extension == ".yaml" ? "quanteda" : "";
  }
  if (format == "liwc") return ImportLiwcDictionary(file);
  if (format == "qdc") return ImportQdc(file);
  if (format == "quanteda") return ImportQuantedaDictionary(file);
  throw Error({file.string()}, "cannot tell the format from the file name", "give --format quanteda, liwc or qdc");
}

}  // namespace kansrijk
