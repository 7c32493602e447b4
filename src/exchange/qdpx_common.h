// What the REFI-QDA project export (qdpx_export.cc) and import (qdpx_import.cc, qdpx_project.h,
// qdpx_matching.h) share. Internal to exchange/.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "exchange/document_text.h"
#include "store/store.h"

namespace kansrijk::qdpx {

inline constexpr const char* kProjectNamespace = "urn:QDA-XML:project:1.0";
inline constexpr const char* kAuto = "auto";
// Codes that occur only in researchers' work (no stored codebook has them) go into this codebook.
inline constexpr const char* kManualCodebook = "kansrijk-manual";
inline constexpr const char* kManualCategory = "manual";
inline constexpr size_t kSnippetChars = 60;  // PlainTextSelection/@name: the selected text, shortened
inline constexpr const char* kImportHint =
    "export the project again from your QDA program as a REFI-QDA project (.qdpx)";

// ASCII lower case, for file names, extensions and attribute values.
std::string Lower(std::string_view text);

// `text` without white space at its end.
std::string TrimEnd(std::string_view text);

// At most `chars` code points of `text`, white space collapsed, "…" where cut.
std::string Snippet(std::string_view text, size_t chars);

// The text of every stored document, by file, as the project exchanges it.
std::map<std::string, DocumentText> RenderDocuments(const Store& store);

}  // namespace kansrijk::qdpx
