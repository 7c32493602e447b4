// The review page's files (src/serve/assets/), embedded in the binary at build time by cmake/embed.cmake, so
// the page needs no network and no files beside the binary.
#pragma once

#include <string_view>

namespace kansrijk::serve {

struct Asset {
  std::string_view path;          // "/app.js"; the page itself is "/index.html"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view bytes;
};

// The asset at `path`, or nullptr.
const Asset* FindAsset(std::string_view path);

}  // namespace kansrijk::serve
