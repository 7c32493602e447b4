// Paragraph text of a .docx: base/zip.h opens the package, pugixml walks word/document.xml.
#include <fmt/format.h>
#include <pugixml.hpp>

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

// Appends the text of one paragraph's runs. Nested paragraphs (text boxes) are visited on their own.
void AppendRunText(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    std::string_view name = LocalName(child);
    if (name == "t") {
      out += child.text().get();
    } else if (name == "tab" || name == "ptab") {
      out += '\t';
    } else if (name == "br" || name == "cr") {
      out += '\n';
    } else if (name == "noBreakHyphen") {
      out += '-';
    } else if (name == "softHyphen") {
      out += "\u00AD";
    } else if (name == "delText" || name == "instrText" || name == "delInstrText" || name == "del" || name == "p" ||
               name == "txbxContent" || name == "rPr" || name == "pPr") {
      continue;  // deletions, field codes, properties, nested paragraphs
    } else {
      AppendRunText(child, out);  // r, ins, hyperlink, smartTag, fldSimple, customXml, sdt, sdtContent, ...
    }
  }
}

void CollectParagraphs(const pugi::xml_node& node, std::vector<std::string>& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (LocalName(child) == "p") {
      std::string text;
      AppendRunText(child, text);
      out.push_back(std::move(text));
    }
    CollectParagraphs(child, out);  // tables, content controls, text boxes
  }
}

}  // namespace

std::vector<std::string> ReadDocxParagraphs(std::string_view bytes, const std::string& name,
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
  std::vector<std::string> paragraphs;
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
