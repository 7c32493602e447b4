#include "code/yaml_load.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "base/error.h"

namespace kansrijk {

YAML::Node LoadYaml(const std::string& text, const std::string& name, const std::string& hint) {
  try {
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp says only "bad file" here, and the usual hint about indentation would send the user astray.
    throw Error({name, error.mark.line + 1, error.mark.column + 1},
                fmt::format("the YAML is nested {} levels deep here, as deep as the YAML reader goes", error.depth()),
                "a codebook needs a few levels (categories, codes, rules): check that this is the file you meant "
                "and that it was not damaged or generated with brackets or indentation that never close");
  } catch (const YAML::Exception& error) {
    throw Error({name, error.mark.line + 1, error.mark.column + 1}, "not valid YAML: " + error.msg, hint);
  }
}

}  // namespace kansrijk
