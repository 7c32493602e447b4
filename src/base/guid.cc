#include "base/guid.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <cctype>

namespace kansrijk {

std::string StableGuid(std::string_view key) {
  XXH128_hash_t hash = XXH3_128bits(key.data(), key.size());
  uint64_t high = (hash.high64 & ~uint64_t{0xf000}) | 0x8000;                      // version 8
  uint64_t low = (hash.low64 & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // variant 10xx
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xffff, high & 0xffff,
                     low >> 48, low & 0xffffffffffffULL);
}

std::string CanonicalGuid(std::string_view guid) {
  while (!guid.empty() && std::isspace(static_cast<unsigned char>(guid.front()))) guid.remove_prefix(1);
  while (!guid.empty() && std::isspace(static_cast<unsigned char>(guid.back()))) guid.remove_suffix(1);
  if (guid.size() >= 2 && guid.front() == '{' && guid.back() == '}') guid = guid.substr(1, guid.size() - 2);
  if (guid.size() != 36) return "";
  std::string out;
  for (size_t i = 0; i < guid.size(); ++i) {
    char c = guid[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return "";
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace kansrijk
