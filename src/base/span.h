// A half-open byte range [begin, end) into a UTF-8 string.
#pragma once

#include <cstdint>

namespace kansrijk {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool operator==(const Span&) const = default;
};

}  // namespace kansrijk
