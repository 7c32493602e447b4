// What every codebook importer shares: the readers of quanteda and LIWC dictionaries (code/codebook_formats.cc)
// and of REFI-QDA codebooks (exchange/qdc.cc) name and group what they read in the same way.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "code/codebook.h"

namespace kansrijk::codebook_import {

// The code for a category's own terms (quanteda) or for a codable category (REFI-QDA): <category>-algemeen.
inline constexpr const char* kGeneralSuffix = "-algemeen";

// "Sociale steun" → sociale-steun, "Coördinatie (GGD)" → coordinatie-ggd; `fallback` when nothing is left.
std::string Slug(std::string_view text, const std::string& fallback);

// The ids of categories and codes share one namespace in a codebook: a clash gets -2, -3, ...
class Ids {
 public:
  std::string Unique(const std::string& base);

 private:
  std::set<std::string> used_;
};

// A codebook for the file: id from its name, the hash of its bytes for provenance.
Codebook NewBook(const std::filesystem::path& file, std::string_view bytes);

// The category named after the file, for codes that have none in the file. Take its id last (see Finish).
Category FileCategory(const std::filesystem::path& file, Ids& ids);

// Puts the codes that have no category of their own (`flat`) first, in a category named after the file, and
// tells every code its category. The file's category takes its id last, so that codes keep their names when
// one of them is named like the file.
Codebook Finish(Codebook book, std::vector<Code> flat, const std::filesystem::path& file, Ids& ids);

}  // namespace kansrijk::codebook_import
