// Namespace-tolerant lookups in pugixml trees, for reading other programs' XML (REFI-QDA codebooks and
// projects, whose namespace prefix and even namespace version vary by vendor). Callers include pugixml.hpp.
#pragma once

#include <string_view>
#include <vector>

namespace pugi {
class xml_node;
}

namespace kansrijk {

std::string_view LocalName(const pugi::xml_node& node);  // "qda:Code" → "Code"
// The element children of `node` whose local name is `name`, in document order.
std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view name);

}  // namespace kansrijk
