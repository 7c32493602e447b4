// Parses the YAML of a codebook or dictionary with yaml-cpp, turning its exceptions into an Error at the line.
//
//   YAML::Node root = LoadYaml(bytes, "codebook/kansrijke-start.yaml", "check the indentation, ...");
//
// A syntax error is "not valid YAML: <yaml-cpp's message>" at its line and column, with `hint`. Nesting deeper
// than yaml-cpp's recursion limit (a damaged file, a generated one, or one written to crash readers) is its own
// error at the line where the limit was reached, saying how deep it went and that a codebook needs a few levels.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace kansrijk {

YAML::Node LoadYaml(const std::string& text, const std::string& name, const std::string& hint);

}  // namespace kansrijk
