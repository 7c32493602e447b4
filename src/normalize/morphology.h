// Dutch word forms for matching: Snowball stems (libstemmer) and compound parts (hunspell-nl lexicon).
//
//   Morphology m = Morphology::Load();
//   m.Stem("financieringen") == "financier"
//   m.CompoundParts("personeelstekorten") == {"personeel", "tekorten"}
//   m.CompoundParts("tekortkoming") == {}          // "koming" is no word: not split
//
// Words are expected normalised (lower case, see normalize.h). Safe to use from several threads. Both answers
// are remembered per word for the Morphology's lifetime (word frequencies are Zipfian: most tokens repeat),
// so a run pays hunspell and Snowball once per distinct word; the references returned stay valid as long.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kansrijk {

class Morphology {
 public:
  // Where Debian's hunspell-nl installs the OpenTaal dictionary.
  static constexpr const char* kDefaultDictionary = "/usr/share/hunspell/nl";

  // Loads `<dictionary>.aff` and `<dictionary>.dic`. Throws Error naming the files (and the Debian
  // package to install) when they are missing.
  static Morphology Load(const std::filesystem::path& dictionary = kDefaultDictionary);

  Morphology(Morphology&&) noexcept;
  Morphology& operator=(Morphology&&) noexcept;
  ~Morphology();

  // Snowball "dutch" stem. Used as an extra form beside the word, never instead of it: the stemmer
  // misses participles, -s plurals and irregular forms (see docs/search.md).
  const std::string& Stem(std::string_view word) const;

  // The parts of a compound, as dictionary words (linking s/e/en dropped): first the best split (fewest
  // parts), then the parts of its long parts. "privacywetgeving" → {"privacy", "wetgeving"},
  // "jeugdgezondheidszorg" → {"jeugd", "gezondheidszorg", "gezondheid", "zorg"}. Empty when the word does
  // not split into dictionary words (tekortkoming: "koming" is no word). Some opaque words split all the
  // same (regelmatig → regel, matig): matching rules veto those with exclusions.
  // Words over kMaxCompoundBytes are never split (the search is quadratic in pairs of cuts).
  const std::vector<std::string>& CompoundParts(std::string_view word) const;
  static constexpr size_t kMaxCompoundBytes = 64;

  // Loads hunspell's dictionaries for `instances` threads that split at once (otherwise each loads its own at its
  // first split, one at a time, 0.1 s each, and waits meanwhile). Ingest's writer calls it while its parsers read
  // the first documents. Returns when they are loaded.
  void LoadDictionaries(size_t instances) const;

  // Splits kept between runs (Store::KeepWordParts, Store::RecallWordParts): every word split so far with its
  // parts, and a split made by an earlier run remembered as if made here. Only for splits made under the same
  // SplitsKey(), which names the dictionary's files (path, size, modification time) and the version of the
  // splitting rules below: bump kSplitVersion whenever CompoundParts would answer differently.
  static constexpr int kSplitVersion = 1;
  const std::string& SplitsKey() const;
  std::vector<std::pair<std::string, std::vector<std::string>>> KnownCompoundParts() const;
  // The splits made (not remembered) since the last call: what Store::KeepWordParts has not kept yet.
  std::vector<std::pair<std::string, std::vector<std::string>>> TakeNewCompoundParts() const;
  void RememberCompoundParts(std::string word, std::vector<std::string> parts) const;

 private:
  struct Impl;
  explicit Morphology(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kansrijk
