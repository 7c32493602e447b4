#include "normalize/morphology.h"

#include <hunspell/hunspell.hxx>
#include <fmt/format.h>
#include <libstemmer.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <memory>
#include <type_traits>

#include "base/error.h"
#include "base/span.h"
#include "base/word_table.h"

namespace kansrijk {

struct Morphology::Impl {
  Impl(std::string aff, std::string dic) : aff(std::move(aff)), dic(std::move(dic)) {
    stemmer = sb_stemmer_new("dutch", "UTF_8");
    // Read once, as the files are when loaded: every stored document and every coding key asks for it.
    splits_key = fmt::format("split/{}", kSplitVersion);
    for (const std::string& file : {this->aff, this->dic}) {
      std::error_code error;
      auto size = std::filesystem::file_size(file, error);
      auto time = std::filesystem::last_write_time(file, error).time_since_epoch().count();
      splits_key += fmt::format(" {}:{}:{}", file, size, time);
    }
  }
  ~Impl() { sb_stemmer_delete(stemmer); }

  std::string aff, dic;
  std::string splits_key;  // SplitsKey
  sb_stemmer* stemmer = nullptr;

  // Hunspell is not thread-safe, and compound splits were most of ingest's parsing: under one shared instance the
  // parser threads took turns (the splits a third of ingest's CPU time, all of it on one core at a time). So each
  // split borrows an instance of its own, kept for the next split; a new one is loaded (17 MB and 0.1 s) when none
  // is spare and none is loading, else the split waits for the first to come back or finish loading. One loads at a
  // time: hunspell's constructor sets up tables shared by all instances, unguarded. None is loaded before the first
  // split or LoadDictionaries: most commands that open a store (report, quotes, stats) never split a word.
  std::mutex spare_mutex;
  std::condition_variable spare_ready;
  std::vector<std::unique_ptr<Hunspell>> spare;
  size_t loaded = 0;
  bool loading = false;

  // Loads an instance; `lock` holds spare_mutex and is released while hunspell reads its files.
  std::unique_ptr<Hunspell> Load(std::unique_lock<std::mutex>& lock) {
    loading = true;
    lock.unlock();
    std::unique_ptr<Hunspell> hunspell;
    try {
      hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
    } catch (...) {
      lock.lock();
      loading = false;
      spare_ready.notify_all();
      throw;
    }
    lock.lock();
    loading = false;
    ++loaded;
    spare_ready.notify_all();
    return hunspell;
  }

  class Borrowed {
   public:
    explicit Borrowed(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl.spare_mutex);
      impl.spare_ready.wait(lock, [&] { return !impl.spare.empty() || !impl.loading; });
      if (impl.spare.empty()) {
        hunspell_ = impl.Load(lock);
      } else {
        hunspell_ = std::move(impl.spare.back());
        impl.spare.pop_back();
      }
    }
    Borrowed(const Borrowed&) = delete;
    Borrowed& operator=(const Borrowed&) = delete;
    ~Borrowed() {
      std::lock_guard lock(impl_.spare_mutex);
      impl_.spare.push_back(std::move(hunspell_));
      impl_.spare_ready.notify_one();
    }
    Hunspell& operator*() { return *hunspell_; }

   private:
    Impl& impl_;
    std::unique_ptr<Hunspell> hunspell_;
  };

  // IsListedWord's answers, shared by all instances: a piece is asked about once per run.
  WordTable<bool> listed_cache;

  // The answers per word, read and written by every thread without a lock (base/word_table.h); written once per
  // distinct word. The references Stem and CompoundParts return stay valid when the tables grow.
  template <typename Value>
  struct Table {
    WordTable<Value> map;
    std::mutex added_mutex;
    std::vector<const std::string*> added;  // words computed since TakeNewCompoundParts (compounds only)
  };
  Table<std::string> stems;
  Table<std::vector<std::string>> compounds;
  std::mutex stemmer_mutex;  // the Snowball stemmer is not thread-safe either; stemming is cheap: one is enough

  // The remembered answer for `word`, or computes it with `compute` and remembers it. Two threads may compute the
  // same new word at once: both answers are the same, the first is kept.
  template <typename Value, typename Compute>
  const Value& Memo(Table<Value>& table, std::string_view word, Compute compute) {
    if (auto it = table.map.find(word); it != table.map.end()) return it->second;
    auto [it, inserted] = table.map.emplace(std::string(word), compute());
    if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
      if (inserted) {
        std::lock_guard lock(table.added_mutex);
        table.added.push_back(&it->first);
      }
    }
    return it->second;
  }

  // Hunspell accepts the word and gives it a stem: the words in its list with their affixes, and many compounds its
  // rules build (zwerfdieren, from zwerf/CaCb), which a split then keeps as one part; not the rest it accepts.
  bool IsListedWord(Hunspell& hunspell, const std::string& word) {
    if (auto it = listed_cache.find(word); it != listed_cache.end()) return it->second;
    bool listed = hunspell.spell(word) && !hunspell.stem(word).empty();
    listed_cache.emplace(word, listed);
    return listed;
  }

  // The best split of `word` into dictionary words, or empty if there is none: fewest parts first, then
  // the longest shortest part (so personeel|s|tekort beats per|son|eel|stek|ort), then the shortest head
  // (Dutch compounds are right-headed and the head is usually simple: kartrekker|s|rol, not
  // kar|trekkersrol), then a modifier without its linking s, en or e. Every part has at least three
  // letters. Each piece word[b, e) is split once, in a table local to the word (a piece's best split depends
  // on its letters only); only whether a piece is a listed word is remembered across words.
  std::vector<std::string> BestSplit(Hunspell& hunspell, const std::string& word);

  std::vector<std::string> Split(const std::string& key);
};

std::vector<std::string> Morphology::Impl::BestSplit(Hunspell& hunspell, const std::string& word) {
  constexpr size_t kMinPart = 3;
  const size_t n = word.size();
  if (n < 2 * kMinPart) return {};
  // Per piece [b, e), at b * (n + 1) + e: whether it is a listed word (-1: not asked yet), and its best split as
  // the number of parts, the shortest part and where its modifier ends and its head begins (no parts: none).
  struct Best {
    uint8_t parts = 0, shortest = 0, modifier_end = 0, head_begin = 0;
  };
  std::vector<int8_t> listed((n + 1) * (n + 1), -1);
  std::vector<int8_t> solved((n + 1) * (n + 1), 0);
  std::vector<Best> best((n + 1) * (n + 1));
  auto is_listed = [&](size_t b, size_t e) {
    int8_t& known = listed[b * (n + 1) + e];
    if (known < 0) known = IsListedWord(hunspell, word.substr(b, e - b));
    return known == 1;
  };
  // Piece [b, e) cut at `cut` into a modifier and a head, each as `parts_of` splits it, with every link in a fixed
  // order: a split kept in `out` when better. Better is fewer parts, then a longer shortest part, then a later cut
  // (a shorter head); of splits equal in all three the first tried stays.
  auto try_cut = [&](size_t b, size_t e, size_t cut, const auto& parts_of, Best& out) {
    const Best head = parts_of(b + cut, e);
    if (head.parts == 0) return;
    const std::string_view modifier = std::string_view(word).substr(b, cut);
    for (std::string_view link : {"s", "en", "e", ""}) {
      if (!modifier.ends_with(link) || modifier.size() < kMinPart + link.size()) continue;
      const Best front = parts_of(b, b + cut - link.size());
      if (front.parts == 0) continue;
      Best both{static_cast<uint8_t>(front.parts + head.parts), std::min(front.shortest, head.shortest),
                static_cast<uint8_t>(b + cut - link.size()), static_cast<uint8_t>(b + cut)};
      if (out.parts == 0 || both.parts < out.parts ||
          (both.parts == out.parts &&
           (both.shortest > out.shortest || (both.shortest == out.shortest && both.head_begin > out.head_begin)))) {
        out = both;
      }
    }
  };
  // The best split of piece [b, e) into a modifier and a head, each as `parts_of` splits it: every cut.
  auto best_of = [&](size_t b, size_t e, const auto& parts_of) {
    Best out;
    const size_t size = e - b;
    if (size < 2 * kMinPart) return out;
    for (size_t cut = size - kMinPart; cut >= kMinPart; --cut) try_cut(b, e, cut, parts_of, out);
    return out;
  };
  // A listed piece is one part; any other piece is none (listed_only) or its best split (parts_of).
  auto listed_only = [&](size_t b, size_t e) -> Best {
    if (is_listed(b, e)) return {1, static_cast<uint8_t>(e - b), 0, 0};
    return {};
  };
  std::function<Best(size_t, size_t)> split;
  auto parts_of = [&](size_t b, size_t e) -> Best {
    const Best one = listed_only(b, e);
    return one.parts > 0 ? one : split(b, e);
  };
  split = [&](size_t b, size_t e) -> Best {
    if (!solved[b * (n + 1) + e]) {
      solved[b * (n + 1) + e] = 1;
      best[b * (n + 1) + e] = best_of(b, e, parts_of);
    }
    return best[b * (n + 1) + e];
  };
  // Two listed pieces beat every split into more, and most compounds have two parts: look for those first, which
  // asks the dictionary about the word's heads and modifiers only (some 2n pieces, where the full search asks
  // about most of its n²/2 pieces: the dictionary's answers were a fifth of ingest's time). The cuts go from the
  // middle outwards, and stop where the shorter side is shorter than the best split's shortest part, which no
  // cut further out can beat: the long heads and modifiers left unasked are rarely words and hunspell's slowest
  // answers. The same candidates and the same order of preference (try_cut), so the same split.
  Best two;
  for (size_t shorter = n / 2; shorter >= kMinPart; --shorter) {
    if (two.parts > 0 && shorter < two.shortest) break;
    try_cut(0, n, n - shorter, listed_only, two);
    if (n - shorter != shorter) try_cut(0, n, shorter, listed_only, two);
  }
  if (two.parts > 0) {
    best[n] = two;  // piece [0, n)
    solved[n] = 1;
  }
  std::vector<std::string> parts;
  std::function<void(size_t, size_t)> gather = [&](size_t b, size_t e) {
    if (b > 0 || e < n) {  // the word itself is split even when it is listed
      if (is_listed(b, e)) {
        parts.push_back(word.substr(b, e - b));
        return;
      }
    }
    const Best& split_at = best[b * (n + 1) + e];
    gather(b, split_at.modifier_end);
    gather(split_at.head_begin, e);
  };
  if (split(0, n).parts > 0) gather(0, n);
  return parts;
}

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

const std::string& Morphology::Stem(std::string_view word) const {
  return impl_->Memo(impl_->stems, word, [&] {
    std::lock_guard lock(impl_->stemmer_mutex);
    const sb_symbol* stem = sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                            static_cast<int>(word.size()));
    if (stem == nullptr) return std::string(word);  // out of memory in libstemmer: fall back to the word
    return std::string(reinterpret_cast<const char*>(stem), sb_stemmer_length(impl_->stemmer));
  });
}

const std::vector<std::string>& Morphology::CompoundParts(std::string_view word) const {
  return impl_->Memo(impl_->compounds, word, [&] { return impl_->Split(std::string(word)); });
}

void Morphology::LoadDictionaries(size_t instances) const {
  std::unique_lock lock(impl_->spare_mutex);
  while (impl_->loaded < instances) {
    if (impl_->loading) {
      impl_->spare_ready.wait(lock);
      continue;
    }
    std::unique_ptr<Hunspell> hunspell = impl_->Load(lock);
    impl_->spare.push_back(std::move(hunspell));
  }
}

const std::string& Morphology::SplitsKey() const { return impl_->splits_key; }

std::vector<std::pair<std::string, std::vector<std::string>>> Morphology::KnownCompoundParts() const {
  // One by one: other threads may add splits meanwhile, so the table's length read first could be short.
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [word, parts] : impl_->compounds.map) out.emplace_back(word, parts);
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Morphology::TakeNewCompoundParts() const {
  std::lock_guard lock(impl_->compounds.added_mutex);
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  out.reserve(impl_->compounds.added.size());
  for (const std::string* word : impl_->compounds.added) out.emplace_back(*word, impl_->compounds.map.find(*word)->second);
  impl_->compounds.added.clear();
  return out;
}

void Morphology::RememberCompoundParts(std::string word, std::vector<std::string> parts) const {
  impl_->compounds.map.emplace(std::move(word), std::move(parts));
}

// CompoundParts, computed: the best split, then the parts of its long parts.
std::vector<std::string> Morphology::Impl::Split(const std::string& key) {
  if (key.find_first_of("0123456789'-") != std::string::npos) return {};
  // The search below tries every pair of cuts: fine for Dutch words (the longest real compounds have some 50
  // letters), but a 4,000-letter "word" (a pasted link, a row of letters) took 15 s and 8,000 over a minute.
  if (key.size() > kMaxCompoundBytes) return {};
  Borrowed hunspell(*this);
  std::vector<std::string> parts = BestSplit(*hunspell, key);
  // Long parts are often compounds too (jeugd|gezondheidszorg → gezondheid, zorg): add their parts.
  for (size_t i = 0, n = parts.size(); i < n; ++i) {
    if (parts[i].size() < 8) continue;
    std::vector<std::string> subparts = BestSplit(*hunspell, parts[i]);
    bool plausible = std::all_of(subparts.begin(), subparts.end(), [](const std::string& p) { return p.size() >= 4; });
    if (!plausible) continue;  // per|son|eel is no reading of personeel
    for (const std::string& sub : subparts) {
      if (std::find(parts.begin(), parts.end(), sub) == parts.end()) parts.push_back(sub);
    }
  }
  return parts;
}

}  // namespace kansrijk
