// Paragraph text of a .docx: libzip opens the package, pugixml walks word/document.xml.
#include <fmt/format.h>
#include <pugixml.hpp>
#include <zip.h>

#include <memory>
#include <string_view>

#include "base/error.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

constexpr const char* kHint = "open it in Word or LibreOffice and save it again as .docx";

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Reads one member of the archive, refusing to inflate more than `limit` bytes (a zip bomb).
std::string ReadMember(zip_t* archive, zip_int64_t index, const std::string& name, const char* member, size_t limit) {
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(archive, index, 0), &zip_fclose);
  if (!file) throw Error({name}, fmt::format("cannot read {} from the .docx: {}", member, zip_strerror(archive)), kHint);
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) throw Error({name}, fmt::format("{} in the .docx is damaged", member), kHint);
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > limit) {
      throw Error({name}, fmt::format("{} inflates to more than {} MB: refusing it (a zip bomb?)", member, limit >> 20),
                  "if this is a real transcript, split it into smaller documents");
    }
  }
  return out;
}

// The main document part: the officeDocument relationship in _rels/.rels, else word/document.xml.
std::string MainPart(zip_t* archive, const std::string& name) {
  zip_int64_t rels = zip_name_locate(archive, "_rels/.rels", ZIP_FL_NOCASE);
  if (rels >= 0) {
    std::string xml = ReadMember(archive, rels, name, "_rels/.rels", 1 << 20);
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

std::vector<std::string> ReadDocxParagraphs(const std::string& path, const std::string& name, const ReadLimits& limits) {
  int error_code = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open(path.c_str(), ZIP_RDONLY, &error_code), &zip_discard);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error({name}, "not a valid .docx: it is not a zip archive (" + why + ")", kHint);
  }
  std::string part = MainPart(archive.get(), name);
  zip_int64_t index = zip_name_locate(archive.get(), part.c_str(), ZIP_FL_NOCASE);
  if (index < 0) throw Error({name}, "not a Word document: " + part + " is missing from the .docx", kHint);
  std::string xml = ReadMember(archive.get(), index, name, part.c_str(), limits.max_docx_xml_bytes);
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

}  // namespace kansrijk::internal
