#include "normalize/morphology.h"

#include <hunspell/hunspell.hxx>
#include <libstemmer.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>

#include "base/error.h"

namespace kansrijk {

struct Morphology::Impl {
  Impl(const std::string& aff, const std::string& dic) : hunspell(aff.c_str(), dic.c_str()) {
    stemmer = sb_stemmer_new("dutch", "UTF_8");
  }
  ~Impl() { sb_stemmer_delete(stemmer); }

  // Hunspell and the Snowball stemmer are not thread-safe; both are guarded by `mutex`.
  std::mutex mutex;
  Hunspell hunspell;
  sb_stemmer* stemmer = nullptr;
  std::map<std::string, std::vector<std::string>, std::less<>> parts_cache;
  std::map<std::string, bool, std::less<>> word_cache;
  std::map<std::string, bool, std::less<>> listed_cache;

  bool IsWord(const std::string& word) {
    auto it = word_cache.find(word);
    if (it != word_cache.end()) return it->second;
    return word_cache[word] = hunspell.spell(word);
  }
  // Hunspell gives a stem only for words in its list; for compounds it builds by its rules it gives none.
  bool IsListedWord(const std::string& word) {
    auto it = listed_cache.find(word);
    if (it != listed_cache.end()) return it->second;
    return listed_cache[word] = IsWord(word) && !hunspell.stem(word).empty();
  }

  // The best split of `word` into dictionary words, or empty if there is none: fewest parts first, then
  // the longest shortest part (so personeel|s|tekort beats per|son|eel|stek|ort), then the shortest head
  // (Dutch compounds are right-headed and the head is usually simple: kartrekker|s|rol, not
  // kar|trekkersrol), then a modifier without its linking s, en or e. Every part has at least three
  // letters. Memoised: Dutch words are short.
  std::vector<std::string> BestSplit(const std::string& word) {
    constexpr size_t kMinPart = 3;
    if (word.size() < 2 * kMinPart) return {};
    auto cached = parts_cache.find(word);
    if (cached != parts_cache.end()) return cached->second;
    parts_cache[word] = {};  // guards against re-entry while this word is being split
    auto parts_of = [&](const std::string& piece) {
      return IsListedWord(piece) ? std::vector<std::string>{piece} : BestSplit(piece);
    };
    auto shortest = [](const std::vector<std::string>& parts) {
      size_t n = SIZE_MAX;
      for (const std::string& part : parts) n = std::min(n, part.size());
      return n;
    };
    std::vector<std::string> best;
    for (size_t cut = word.size() - kMinPart; cut >= kMinPart; --cut) {
      std::vector<std::string> head = parts_of(word.substr(cut));
      if (head.empty()) continue;
      std::string modifier = word.substr(0, cut);
      for (std::string_view link : {"s", "en", "e", ""}) {
        if (!modifier.ends_with(link) || modifier.size() < kMinPart + link.size()) continue;
        std::vector<std::string> parts = parts_of(modifier.substr(0, modifier.size() - link.size()));
        if (parts.empty()) continue;
        parts.insert(parts.end(), head.begin(), head.end());
        if (best.empty() || parts.size() < best.size() ||
            (parts.size() == best.size() && shortest(parts) > shortest(best))) {
          best = std::move(parts);
        }
      }
    }
    return parts_cache[word] = best;
  }
};

Morphology::Morphology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Morphology::Morphology(Morphology&&) noexcept = default;
Morphology& Morphology::operator=(Morphology&&) noexcept = default;
Morphology::~Morphology() = default;

Morphology Morphology::Load(const std::filesystem::path& dictionary) {
  std::string aff = dictionary.string() + ".aff", dic = dictionary.string() + ".dic";
  for (const std::string& file : {aff, dic}) {
    if (!std::filesystem::exists(file)) {
      throw Error({file}, "Dutch dictionary not found",
                  "install Debian's hunspell-nl (make run does this), or pass --dictionary PATH without .aff/.dic");
    }
  }
  return Morphology(std::make_unique<Impl>(aff, dic));
}

std::string Morphology::Stem(std::string_view word) const {
  std::lock_guard lock(impl_->mutex);
  const sb_symbol* stem = sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) return std::string(word);  // out of memory in libstemmer: fall back to the word
  return std::string(reinterpret_cast<const char*>(stem), sb_stemmer_length(impl_->stemmer));
}

std::vector<std::string> Morphology::CompoundParts(std::string_view word) const {
  std::lock_guard lock(impl_->mutex);
  std::string key(word);
  if (key.find_first_of("0123456789'-") != std::string::npos) return {};
  // The search below tries every pair of cuts: fine for Dutch words (the longest real compounds have some 50
  // letters), but a 4,000-letter "word" (a pasted link, a row of letters) took 15 s and 8,000 over a minute.
  if (key.size() > kMaxCompoundBytes) return {};
  std::vector<std::string> parts = impl_->BestSplit(key);
  // Long parts are often compounds too (jeugd|gezondheidszorg → gezondheid, zorg): add their parts.
  for (size_t i = 0, n = parts.size(); i < n; ++i) {
    if (parts[i].size() < 8) continue;
    std::vector<std::string> subparts = impl_->BestSplit(parts[i]);
    bool plausible = std::all_of(subparts.begin(), subparts.end(), [](const std::string& p) { return p.size() >= 4; });
    if (!plausible) continue;  // per|son|eel is no reading of personeel
    for (const std::string& sub : subparts) {
      if (std::find(parts.begin(), parts.end(), sub) == parts.end()) parts.push_back(sub);
    }
  }
  return parts;
}

}  // namespace kansrijk
