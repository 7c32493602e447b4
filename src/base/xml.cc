#include "base/xml.h"

#include <pugixml.hpp>

namespace kansrijk {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) out.push_back(child);
  }
  return out;
}

pugi::xml_node StartDocument(pugi::xml_document& document, const char* name, const char* xmlns) {
  pugi::xml_node declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = document.append_child(name);
  root.append_attribute("xmlns").set_value(xmlns);
  root.append_attribute("origin").set_value("kansrijk " KANSRIJK_VERSION);
  return root;
}

}  // namespace kansrijk
