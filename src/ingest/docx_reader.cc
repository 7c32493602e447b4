// Paragraph text of a .docx: base/zip.h opens the package, pugixml walks word/document.xml.
#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

#include "base/decode.h"
#include "base/error.h"
#include "base/zip.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

constexpr const char* kHint = "open it in Word or LibreOffice and save it again as .docx";

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The main document part: the officeDocument relationship in _rels/.rels, else word/document.xml.
std::string MainPart(const ZipReader& archive) {
  if (std::optional<size_t> rels = archive.Find("_rels/.rels")) {
    std::string xml = archive.Read(*rels, 1 << 20);
    pugi::xml_document doc;
    if (doc.load_buffer(xml.data(), xml.size())) {
      for (pugi::xml_node rel : doc.document_element().children()) {
        std::string_view type = rel.attribute("Type").value();
        if (type.ends_with("/officeDocument")) {
          std::string target = rel.attribute("Target").value();
          return target.starts_with('/') ? target.substr(1) : target;
        }
      }
    }
  }
  return "word/document.xml";
}

// True for a run whose properties make it bold: <w:b/>, or <w:b w:val="true|1|on"/>.
bool IsBoldRun(const pugi::xml_node& run) {
  for (pugi::xml_node child : run.children()) {
    if (LocalName(child) != "rPr") continue;
    for (pugi::xml_node property : child.children()) {
      if (LocalName(property) != "b") continue;
      std::string_view value = property.attribute("w:val").value();
      return value != "0" && value != "false" && value != "off";
    }
  }
  return false;
}

// One paragraph as it is read: its text, and whether every run with text in it is bold.
struct ParagraphText {
  std::string text;
  bool any_text = false;
  bool all_bold = true;
};

// Appends the text of one paragraph's runs. Nested paragraphs (text boxes) are visited on their own.
void AppendRunText(const pugi::xml_node& node, ParagraphText& out, bool bold) {
  for (pugi::xml_node child : node.children()) {
    std::string_view name = LocalName(child);
    if (name == "t") {
      // Word's rule: white space at the ends of a w:t counts only with xml:space="preserve".
      std::string_view text = child.text().get();
      if (std::string_view(child.attribute("xml:space").value()) != "preserve") {
        size_t begin = text.find_first_not_of(" \t\r\n");
        text = begin == std::string_view::npos ? std::string_view() : text.substr(begin);
        text = text.substr(0, text.find_last_not_of(" \t\r\n") + 1);
      }
      out.text += text;
      if (text.find_first_not_of(" \t") != std::string_view::npos) {
        out.any_text = true;
        out.all_bold = out.all_bold && bold;
      }
    } else if (name == "tab" || name == "ptab") {
      out.text += '\t';
    } else if (name == "br" || name == "cr") {
      out.text += '\n';
    } else if (name == "noBreakHyphen") {
      out.text += '-';
    } else if (name == "softHyphen") {
      out.text += "\u00AD";
    } else if (name == "delText" || name == "instrText" || name == "delInstrText" || name == "del" || name == "p" ||
               name == "txbxContent" || name == "rPr" || name == "pPr") {
      continue;  // deletions, field codes, properties, nested paragraphs
    } else if (name == "r") {
      AppendRunText(child, out, IsBoldRun(child));
    } else {
      AppendRunText(child, out, bold);  // ins, hyperlink, smartTag, fldSimple, customXml, sdt, sdtContent, ...
    }
  }
}

void CollectParagraphs(const pugi::xml_node& node, std::vector<Paragraph>& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (LocalName(child) == "p") {
      ParagraphText paragraph;
      AppendRunText(child, paragraph, false);
      out.push_back({std::move(paragraph.text), paragraph.any_text && paragraph.all_bold});
    }
    CollectParagraphs(child, out);  // tables, content controls, text boxes
  }
}

}  // namespace

void CheckXmlDepth(pugi::xml_node root, const std::string& name, const std::string& part) {
  // pugixml parses and walks (traverse) without recursion; the readers recurse, so the depth is bounded here.
  struct DepthWalker : pugi::xml_tree_walker {
    bool for_each(pugi::xml_node&) override {
      deepest = std::max(deepest, depth());
      return deepest <= kMaxXmlDepth;
    }
    int deepest = 0;
  } walker;
  root.traverse(walker);
  if (walker.deepest > kMaxXmlDepth) {
    throw Error({name}, fmt::format("{} nests its elements more than {} levels deep; no word processor writes that",
                                    part, kMaxXmlDepth),
                "open it in Word or LibreOffice and save it again, or copy the text into a new document");
  }
}

std::vector<Paragraph> ReadDocxParagraphs(std::string_view bytes, const std::string& name,
                                            const TranscriptLimits& limits) {
  ZipReader archive = ZipReader::FromBytes(bytes, {.name = name, .kind = ".docx", .hint = kHint});
  std::string part = MainPart(archive);
  std::optional<size_t> index = archive.Find(part);
  if (!index) throw Error({name}, "not a Word document: " + part + " is missing from the .docx", kHint);
  std::string xml = archive.Read(*index, limits.max_document_xml_bytes,
                                 "if this is a real transcript, split it into smaller documents");
  RequireUtf8Xml(xml, name, part, kHint);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) {
    throw Error({name}, fmt::format("{} is not valid XML: {} at byte {}", part, parsed.description(), parsed.offset),
                kHint);
  }
  CheckXmlDepth(doc, name, part);
  std::vector<Paragraph> paragraphs;
  CollectParagraphs(doc, paragraphs);
  return paragraphs;
}

void RequireUtf8Xml(std::string_view xml, const std::string& name, const std::string& part, const std::string& hint) {
  if (xml.starts_with("\xFF\xFE") || xml.starts_with("\xFE\xFF")) return;  // UTF-16: pugixml converts it
  if (size_t at = FirstInvalidUtf8(xml); at != std::string_view::npos) {
    throw Error({name}, fmt::format("{} is not valid UTF-8 (byte 0x{:02X} at byte {})", part,
                                    static_cast<unsigned char>(xml[at]), at),
                hint);
  }
}

}  // namespace kansrijk::internal
