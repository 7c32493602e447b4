#include "store/anchor.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace kansrijk {

// Written here because it is twenty lines over two turns' words; a diff library would bring more than it saves.
double WordSimilarity(std::string_view a, std::string_view b) {
  auto words = [](std::string_view text) {
    std::vector<std::string_view> out;
    for (size_t at = 0; at < text.size();) {
      size_t end = text.find_first_of(" \t\n\r", at);
      if (end == std::string_view::npos) end = text.size();
      if (end > at) out.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    return out;
  };
  std::vector<std::string_view> x = words(a), y = words(b);
  if (x.empty() || y.empty()) return x.empty() && y.empty() ? 1.0 : 0.0;
  std::vector<int> row(y.size() + 1, 0), previous(y.size() + 1, 0);
  for (size_t i = 1; i <= x.size(); ++i) {
    for (size_t j = 1; j <= y.size(); ++j) {
      row[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], row[j - 1]);
    }
    std::swap(row, previous);
  }
  return 2.0 * previous[y.size()] / static_cast<double>(x.size() + y.size());
}

namespace {

Placement Place(const AnchoredWork& e, const std::vector<AnchorTurn>& turns) {
  // 1. The same turn text anywhere in the document, nearest to where it was: the span stays as it was.
  const AnchorTurn* best = nullptr;
  int64_t begin = e.begin;
  for (const AnchorTurn& t : turns) {
    if (t.text == e.turn_text && (!best || std::abs(t.number - e.turn) < std::abs(best->number - e.turn))) best = &t;
  }
  Placement::How how = Placement::How::kSameTurnText;
  // 2. The same span text in a turn near where it was, nearest turn first, then nearest offset.
  if (!best && !e.span_text.empty()) {
    how = Placement::How::kSameSpanText;
    std::pair<int, int64_t> best_distance{Store::kAnchorWindow + 1, 0};
    for (const AnchorTurn& t : turns) {
      int distance = std::abs(t.number - e.turn);
      if (distance > Store::kAnchorWindow) continue;
      for (size_t at = t.text.find(e.span_text); at != std::string::npos; at = t.text.find(e.span_text, at + 1)) {
        std::pair<int, int64_t> d{distance, std::abs(static_cast<int64_t>(at) - e.begin)};
        if (d < best_distance) best_distance = d, best = &t, begin = static_cast<int64_t>(at);
      }
    }
  }
  int64_t end = begin + static_cast<int64_t>(e.span_text.size());
  // 3. Not a coding: the most similar turn near where it was, if it is nearly the same (a corrected word).
  if (!best && e.kind != ManualWork::Kind::kCode) {
    how = Placement::How::kSimilarTurn;
    std::pair<double, int> best_match;  // similarity, -distance
    for (const AnchorTurn& t : turns) {
      int distance = std::abs(t.number - e.turn);
      double similarity = distance > Store::kAnchorWindow ? 0 : WordSimilarity(e.turn_text, t.text);
      if (similarity < Store::kSimilarTurn) continue;
      if (!best || std::pair(similarity, -distance) > best_match) best_match = {similarity, -distance}, best = &t;
    }
    if (best) begin = 0, end = static_cast<int64_t>(best->text.size());
  }
  if (!best) {
    return {.orphaned = fmt::format("the text of turn {} changed and its text was not found within {} turns", e.turn,
                                    Store::kAnchorWindow)};
  }
  return {.how = how, .turn = best->number, .span = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}};
}

}  // namespace

std::vector<Placement> Reanchor(const std::vector<AnchoredWork>& work, const std::vector<AnchorTurn>& turns) {
  std::vector<Placement> out;
  out.reserve(work.size());
  for (const AnchoredWork& e : work) out.push_back(Place(e, turns));
  return out;
}

}  // namespace kansrijk
