// A small table per thread in front of a shared table of words (a WordTable, base/word_table.h): the words a thread
// met last, by hash, and few enough that the frequent words stay in the core's cache. Most words of a corpus repeat
// (Zipf), so most look-ups end here. The shared table must be node-based, since entries point at its keys and
// values, and must outlive its owner's entries:
// each owner takes a number of its own (NewOwner), so a later table at the same address finds none of them.
//
//   const size_t hash = std::hash<std::string_view>{}(word);
//   if (const Value* v = RecentWords<Value>::Find(owner, hash, word)) return *v;
//   ... look it up in the shared table (node `it`) ...
//   RecentWords<Value>::Put(owner, hash, &it->first, &it->second);
//
// Hand-written: no library we use has a per-thread cache in front of a shared map.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kansrijk {

inline uint64_t NewRecentWordsOwner() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

template <typename Value>
class RecentWords {
 public:
  static const Value* Find(uint64_t owner, size_t hash, std::string_view word) {
    const Entry& entry = Table()[hash % kSize];
    return entry.owner == owner && entry.hash == hash && *entry.word == word ? entry.value : nullptr;
  }
  static void Put(uint64_t owner, size_t hash, const std::string* word, const Value* value) {
    Table()[hash % kSize] = {hash, owner, word, value};
  }

 private:
  static constexpr size_t kSize = 16384;  // 512 KB per thread
  struct Entry {
    size_t hash = 0;
    uint64_t owner = 0;
    const std::string* word = nullptr;
    const Value* value = nullptr;
  };
  static std::array<Entry, kSize>& Table() {
    thread_local std::array<Entry, kSize> table{};
    return table;
  }
};

}  // namespace kansrijk
