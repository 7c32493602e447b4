// Namespace-tolerant lookups in pugixml trees, for reading other programs' XML (REFI-QDA codebooks and
// projects, whose namespace prefix and even namespace version vary by vendor), and the start of the XML we
// write. Callers include pugixml.hpp.
#pragma once

#include <string_view>
#include <vector>

namespace pugi {
class xml_document;
class xml_node;
}

namespace kansrijk {

std::string_view LocalName(const pugi::xml_node& node);  // "qda:Code" → "Code"
// The element children of `node` whose local name is `name`, in document order.
std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view name);

// Gives an empty `document` its XML declaration (1.0, UTF-8) and the root element `name` in namespace
// `xmlns`, with origin="kansrijk VERSION"; returns the root.
pugi::xml_node StartDocument(pugi::xml_document& document, const char* name, const char* xmlns);

}  // namespace kansrijk
