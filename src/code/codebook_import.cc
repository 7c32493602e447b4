#include "code/codebook_import.h"

#include <fmt/format.h>

#include "normalize/normalize.h"

namespace kansrijk::codebook_import {

std::string Slug(std::string_view text, const std::string& fallback) {
  std::string folded = Normalize(text).text;
  std::string out;
  bool dash = false;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += c;
    } else {
      dash = true;
    }
  }
  return out.empty() ? fallback : out;
}

std::string Ids::Unique(const std::string& base) {
  if (used_.insert(base).second) return base;
  for (int n = 2;; ++n) {
    std::string id = fmt::format("{}-{}", base, n);
    if (used_.insert(id).second) return id;
  }
}

Codebook NewBook(const std::filesystem::path& file, std::string_view bytes) {
  Codebook book;
  book.file = file.string();
  book.title = file.stem().string();
  book.id = Slug(book.title, "codeboek");
  book.content_hash = ContentHash(bytes);
  return book;
}

Category FileCategory(const std::filesystem::path& file, Ids& ids) {
  Category category;
  category.label_nl = category.label_en = file.stem().string();
  category.id = ids.Unique(Slug(category.label_nl, "codes"));
  return category;
}

Codebook Finish(Codebook book, std::vector<Code> flat, const std::filesystem::path& file, Ids& ids) {
  if (!flat.empty()) {
    Category category = FileCategory(file, ids);
    category.codes = std::move(flat);
    book.categories.insert(book.categories.begin(), std::move(category));
  }
  for (Category& category : book.categories) {
    for (Code& code : category.codes) code.category = category.id;
  }
  return book;
}

}  // namespace kansrijk::codebook_import
