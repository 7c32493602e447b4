// A table of answers per word (a stem, a compound split, a coder's atoms), shared by the threads that parse
// documents: look-ups and insertions take no lock (oneTBB's concurrent_unordered_map, a split-ordered list).
// Node-based: the keys and values it hands out stay where they are while it grows. Entries are never erased.
//
//   WordTable<std::string> stems;
//   if (auto it = stems.find(word); it != stems.end()) return it->second;       // word: a string_view
//   return stems.emplace(std::string(word), Compute(word)).first->second;       // a racing twin's entry wins
//
// Under a std::shared_mutex, the two parser threads of a 20 MB ingest waited for each other some 8,000 times
// (a thread holding the lock was preempted by the writer's: three threads on two cores; docs/performance.md,
// eighth step).
#pragma once

// GCC 12 takes the table's bucket heads (list nodes smaller than value nodes, never destroyed as those) for
// out-of-bounds accesses when it inlines them; a false alarm.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <oneapi/tbb/concurrent_unordered_map.h>
#pragma GCC diagnostic pop

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kansrijk {

struct WordHash {
  using transparent_key_equal = std::equal_to<>;  // find(std::string_view) without making a std::string
  size_t operator()(std::string_view word) const noexcept { return std::hash<std::string_view>{}(word); }
};

template <typename Value>
class WordTable : public tbb::concurrent_unordered_map<std::string, Value, WordHash, std::equal_to<>,
                                                       std::allocator<std::pair<const std::string, Value>>> {
 public:
  // A word per bucket on average, not TBB's four: a look-up walks a bucket's list node by node, a cache miss each
  // (a 20 MB ingest spent 4 % of its time in that walk).
  WordTable() { this->max_load_factor(1.0f); }
};

}  // namespace kansrijk
