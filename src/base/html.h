// HTML (and XML) escaping of text and attribute values, for every writer of HTML, SVG or WordprocessingML.
#pragma once

#include <string>
#include <string_view>

namespace kansrijk {

std::string EscapeHtml(std::string_view text);  // & < > " ' as entities

}  // namespace kansrijk
