// REFI-QDA codebooks (.qdc) in and out, and the codebook part of a REFI-QDA project (.qdpx, exchange/qdpx.h).
//
//   std::string qdc = ExportQdc(LoadCodebook("codebook/kansrijke-start.yaml"));  // → codebook export --qdc
//   Codebook book = ImportQdc("maxqda.qdc");                                     // every code manual: true
//
// Like the importers of code/codebook_formats.h, ImportQdc returns a Codebook that WriteCodebookYaml writes and
// LoadCodebook reads back unchanged, and throws Error at file:line:column (with a hint) for what it cannot read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "code/codebook.h"

namespace pugi {
class xml_node;
}

namespace kansrijk {

// A REFI-QDA 1.5 codebook (.qdc, namespace urn:QDA-XML:codebook:1.0), UTF-8 without BOM, valid against
// Codebook.xsd, byte-identical for the same codebook. Every category is a Code isCodable="false" (name = its
// id) holding its codes as Codes isCodable="true" (name = the code id, color = its colour). A Description holds
// the label (a line `en: ...` when the English differs), then the definition, "When to use: ..." and "When not
// to use: ..." paragraphs. Rules, valence, examples and exclusions are not in the format and are left out.
// GUIDs: QdcCategoryGuid / QdcCodeGuid. Throws Error if the codebook has no categories (a .qdc needs a code).
std::string ExportQdc(const Codebook& book);

// Appends the Code elements of ExportQdc (not the <Codes> element itself) to `codes`: the same elements serve
// the project's CodeBook/Codes in a .qdpx (namespace urn:QDA-XML:project:1.0; the elements are written without
// prefix and take the namespace of the document they are added to).
void AppendQdcCodes(pugi::xml_node codes, const Codebook& book);

// The stable GUIDs of the export, for a project's CodeRef targetGUID: StableGuid("code:<book>/<code>") and
// StableGuid("category:<book>/<category>").
std::string QdcCodeGuid(std::string_view codebook_id, std::string_view code_id);
std::string QdcCategoryGuid(std::string_view codebook_id, std::string_view category_id);

// Reads a REFI-QDA codebook (.qdc, or the CodeBook of a project.qde). Tolerates a BOM, GUIDs in braces or upper
// case, an empty <Sets/> (Taguette), the namespace typo urn:QDA-XML:codebook:1:0, element prefixes. Mapping:
// a top-level Code with child Codes, or not codable, is a category; top-level codable Codes without children
// are codes of a category named after the file; every Code below a category, at any depth, is a code of that
// category (labels name the path below the category, "Sub / Leaf"; a non-codable Code below a category only
// names the path). A codable category also becomes a code <category>-algemeen. Every code is manual: true
// (.qdc carries no rules); colour from `color` (#RGB widened, else grey #888888). A file written by ExportQdc
// (origin "kansrijk ...") gives back its ids, labels, definitions and colours. Throws Error for malformed XML,
// a root that is not CodeBook, a Code without name or with a malformed or repeated guid.
Codebook ImportQdc(const std::filesystem::path& file);

// A codebook from another tool by `format` (quanteda, liwc, qdc), or (when empty) by the file's extension: .dic
// LIWC, .qdc REFI-QDA, .yml/.yaml quanteda. Error with a hint when the format cannot be told.
Codebook ImportCodebook(const std::filesystem::path& file, const std::string& format = "");

}  // namespace kansrijk
