// Stable identifiers: the same key always gives the same GUID, so two exports of the same project carry the
// same ids (REFI-QDA asks for globally unique GUIDs; stable ones also keep our outputs byte-identical).
//
//   StableGuid("code:kansrijke-start/kartrekker")  // "3f1c…-…": lower case, 8-4-4-4-12, RFC 9562 version 8
//   CanonicalGuid("{3F1C…}")                       // "3f1c…": braces and case removed, for comparing
#pragma once

#include <string>
#include <string_view>

namespace kansrijk {

// XXH3-128 of `key`, written as a UUID with the version (8, "custom") and variant bits set.
std::string StableGuid(std::string_view key);

// `guid` without surrounding braces or white space, in lower case; empty if it is not 8-4-4-4-12 hex digits.
std::string CanonicalGuid(std::string_view guid);

}  // namespace kansrijk
