// Paragraph text of an OpenDocument text (.odt): base/zip.h opens the package, pugixml walks content.xml.
#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "base/zip.h"
#include "ingest/readers.h"

namespace kansrijk::internal {

namespace {

constexpr const char* kHint = "open it in LibreOffice Writer and save it again as .odt";
constexpr std::string_view kTextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kOfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kDrawNs = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
constexpr std::string_view kTextMimeType = "application/vnd.oasis.opendocument.text";

// An element's namespace URI and local name. Prefixes are the writer's choice ("text:" by convention only), so
// the prefix is resolved through the xmlns declarations of the element and its ancestors.
struct QName {
  std::string_view ns;
  std::string_view local;
};

// `qualified` ("text:c") as declared at `node`: the prefix is looked up in `node` and its ancestors.
QName Resolve(std::string_view qualified, const pugi::xml_node& node) {
  size_t colon = qualified.find(':');
  std::string_view prefix = colon == std::string_view::npos ? std::string_view() : qualified.substr(0, colon);
  std::string_view local = colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
  std::string declaration = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node at = node; at; at = at.parent()) {
    if (pugi::xml_attribute declared = at.attribute(declaration.c_str())) return {declared.value(), local};
  }
  return {{}, local};
}

QName Resolve(const pugi::xml_node& node) { return Resolve(node.name(), node); }

bool Is(const QName& name, std::string_view ns, std::string_view local) { return name.ns == ns && name.local == local; }

// Content that is not part of the spoken text: the old text of tracked deletions (office:text keeps it in
// text:tracked-changes, away from the body, which only marks the place with text:change), footnotes and
// endnotes with their citation mark, and comments. Neither their runs nor their paragraphs are read.
bool LeftOut(const QName& name) {
  return Is(name, kTextNs, "tracked-changes") || Is(name, kTextNs, "note") || Is(name, kOfficeNs, "annotation");
}

// Reads the paragraphs under a node, in document order.
class ParagraphReader {
 public:
  // `room`: how many spaces text:s elements may add in all. Everything else written is at most as long as the
  // XML it comes from, but one text:s may ask for millions: without a bound that is a zip bomb in one element.
  ParagraphReader(const std::string& name, size_t room) : name_(name), limit_(room), room_(room) {}

  void Collect(const pugi::xml_node& node, std::vector<std::string>& out) {
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      QName qname = Resolve(child);
      if (LeftOut(qname)) continue;
      if (Is(qname, kTextNs, "p") || Is(qname, kTextNs, "h")) {
        std::string text;
        bool skip_space = true;
        Append(child, text, skip_space);
        out.push_back(std::move(text));
      }
      Collect(child, out);  // lists, tables, sections, text boxes inside a paragraph
    }
  }

 private:
  // Appends one paragraph's text with ODF's white-space rule (ODF 1.2 §6.1.2, as LibreOffice applies it): in
  // character data, tab, CR and LF count as spaces and a run of spaces is one space, dropped at the start of
  // the paragraph; text:s, text:tab and text:line-break are the spaces, tabs and breaks that were typed.
  // `skip_space` carries "the last thing written was a collapsed space, or nothing" across spans.
  void Append(const pugi::xml_node& node, std::string& out, bool& skip_space) {
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        for (char c : std::string_view(child.value())) {
          if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!skip_space) out += ' ';
            skip_space = true;
          } else {
            out += c;
            skip_space = false;
          }
        }
        continue;
      }
      if (child.type() != pugi::node_element) continue;
      QName qname = Resolve(child);
      if (Is(qname, kTextNs, "s")) {
        size_t count = SpaceCount(child);
        if (count > room_) {
          throw Error({name_},
                      fmt::format("content.xml's text:s elements add more than {} MB of spaces: refusing it "
                                  "(a zip bomb?)",
                                  limit_ >> 20),
                      "if this is a real transcript, split it into smaller documents");
        }
        room_ -= count;
        out.append(count, ' ');
        skip_space = false;
      } else if (Is(qname, kTextNs, "tab")) {
        out += '\t';
        skip_space = false;
      } else if (Is(qname, kTextNs, "line-break")) {
        out += '\n';
        skip_space = false;
      } else if (LeftOut(qname) || qname.ns == kDrawNs || Is(qname, kTextNs, "p") || Is(qname, kTextNs, "h") ||
                 Is(qname, kTextNs, "number") || Is(qname, kTextNs, "ruby-text")) {
        // Text boxes (draw:frame) and their paragraphs are read by Collect on their own. text:number is a
        // cached copy of a heading's list number and ruby text an annotation over the words: neither was said
        // (the .docx reader does not give list numbers either).
        continue;
      } else {
        Append(child, out, skip_space);  // span, a, meta, ruby-base, bookmarks, fields such as text:date, ...
      }
    }
  }

  // text:c of a text:s, 1 when absent or unreadable. An unprefixed attribute is in no namespace, so only a
  // prefixed one can be text:c.
  static size_t SpaceCount(const pugi::xml_node& node) {
    for (pugi::xml_attribute attribute : node.attributes()) {
      std::string_view qualified = attribute.name();
      if (qualified.find(':') != std::string_view::npos && Is(Resolve(qualified, node), kTextNs, "c")) {
        return std::max(1LL, attribute.as_llong(1));
      }
    }
    return 1;
  }

  const std::string& name_;
  size_t limit_;
  size_t room_;
};

}  // namespace

std::vector<std::string> ReadOdtParagraphs(std::string_view bytes, const std::string& name,
                                           const TranscriptLimits& limits) {
  ZipReader archive = ZipReader::FromBytes(bytes, {.name = name, .kind = ".odt", .hint = kHint});
  // The mimetype member says which kind of OpenDocument this is; a spreadsheet or presentation renamed to .odt
  // is refused here, with what to do. It is optional for us: content.xml decides when it is missing.
  if (std::optional<size_t> mimetype = archive.Find("mimetype")) {
    std::string type = archive.Read(*mimetype, 4096);
    if (type.starts_with("application/vnd.oasis.opendocument.") && !type.starts_with(kTextMimeType)) {
      throw Error({name}, fmt::format("not a text document but {}", type),
                  "open it in LibreOffice, copy the transcript into a Writer document and save that as .odt");
    }
  }
  std::optional<size_t> index = archive.Find("content.xml");
  if (!index) throw Error({name}, "not an OpenDocument text: content.xml is missing from the .odt", kHint);
  std::string xml = archive.Read(*index, limits.max_document_xml_bytes,
                                 "if this is a real transcript, split it into smaller documents");
  RequireUtf8Xml(xml, name, "content.xml", kHint);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) {
    throw Error({name}, fmt::format("content.xml is not valid XML: {} at byte {}", parsed.description(), parsed.offset),
                kHint);
  }
  CheckXmlDepth(doc, name, "content.xml");
  pugi::xml_node root = doc.document_element();
  if (!Is(Resolve(root), kOfficeNs, "document-content")) {
    throw Error({name}, fmt::format("not an OpenDocument text: content.xml holds <{}>, not office:document-content",
                                    root.name()),
                kHint);
  }
  pugi::xml_node text;
  for (pugi::xml_node body : root.children()) {
    if (!Is(Resolve(body), kOfficeNs, "body")) continue;
    for (pugi::xml_node part : body.children()) {
      if (Is(Resolve(part), kOfficeNs, "text")) text = part;
    }
  }
  if (!text) {
    throw Error({name}, "not an OpenDocument text: content.xml has no office:text body (a spreadsheet or drawing?)",
                kHint);
  }
  std::vector<std::string> paragraphs;
  ParagraphReader(name, limits.max_document_xml_bytes).Collect(text, paragraphs);
  return paragraphs;
}

}  // namespace kansrijk::internal
