#include "serve/overview.h"

#include "serve/api.h"

#include <algorithm>

#include "export/pseudonyms.h"
#include "report/year_report.h"

namespace kansrijk::serve {

OverviewCache::DocumentFigures OverviewCache::Figures(Context& c, const std::vector<Store::ViewedCoding>& pairs,
                                                      const Store::Progress& p) {
  DocumentFigures figures{.progress = p};
  std::map<std::string, std::set<int64_t>> category_turns;
  for (const Store::ViewedCoding& v : pairs) {
    ++figures.turns[v.code];  // the pairs are distinct (turn, code)
    auto category = category_of_.find(v.code);
    if (category != category_of_.end()) category_turns[category->second].insert(v.turn_id);
  }
  for (const auto& [category, turns] : category_turns) figures.turns[category] = static_cast<int>(turns.size());
  return figures;
}

void OverviewCache::Rebuild(Context& c) {
  documents_.clear();
  category_of_.clear();
  rows_.clear();
  categories_.clear();
  std::vector<std::string> categories;
  for (const StoredCode& code : c.store.Codes()) {
    category_of_[code.code] = code.category;
    rows_.push_back(code.code);
    if (std::find(categories.begin(), categories.end(), code.category) == categories.end()) {
      categories.push_back(code.category);
    }
  }
  rows_.insert(rows_.end(), categories.begin(), categories.end());
  categories_.insert(categories.begin(), categories.end());
  std::map<std::string, std::vector<Store::ViewedCoding>> by_file;
  for (Store::ViewedCoding& v : c.store.CodedTurns({.coder = c.coder})) by_file[v.file].push_back(std::move(v));
  std::map<std::string, StoredDocument> stored;
  for (StoredDocument& d : c.store.Documents()) stored[d.file] = std::move(d);
  Pseudonyms keys = Pseudonyms::Load(c.store, {});  // keys change only with the documents: on a rebuild
  for (const Store::Progress& p : c.store.ReviewProgress(c.coder)) {
    DocumentFigures figures = Figures(c, by_file[p.file], p);
    figures.year = stored[p.file].year;
    figures.type = stored[p.file].type;
    figures.key = keys.Document(p.file);
    documents_[p.file] = std::move(figures);
  }
  touched_.clear();
  data_version_ = c.store.DataVersion();
  built_ = true;
}

void OverviewCache::Refresh(Context& c, const std::string& file) {
  std::vector<Store::Progress> progress = c.store.ReviewProgress(c.coder, file);
  if (progress.empty()) {
    documents_.erase(file);
    return;
  }
  DocumentFigures& figures = documents_[file];
  DocumentFigures fresh = Figures(c, c.store.CodedTurns({.coder = c.coder}, file), progress[0]);
  figures.progress = fresh.progress;
  figures.turns = std::move(fresh.turns);
}

std::string OverviewCache::Key(Context& c, const std::string& file) {
  if (!built_ || c.store.DataVersion() != data_version_) Rebuild(c);
  auto it = documents_.find(file);
  return it == documents_.end() ? file : it->second.key;
}

Json OverviewCache::Get(Context& c) {
  if (!built_ || c.store.DataVersion() != data_version_) {
    Rebuild(c);
  } else {
    for (const std::string& file : touched_) Refresh(c, file);
    touched_.clear();
  }
  Json documents = Json::array();
  std::map<int, int> documents_per_year;
  std::map<std::pair<std::string, int>, std::pair<int, int>> cells;  // (row, year) → turns, documents
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [file, figures] : documents_) order.push_back({figures.year, file});
  std::sort(order.begin(), order.end());
  for (const auto& [year, file] : order) {
    const DocumentFigures& figures = documents_[file];
    const Store::Progress& p = figures.progress;
    ++documents_per_year[year];
    for (const auto& [row, turns] : figures.turns) {
      auto& [t, d] = cells[{row, year}];
      t += turns;
      d += turns > 0;
    }
    documents.push_back({{"file", file}, {"key", figures.key}, {"year", year}, {"type", figures.type},
                         {"turns", p.turns}, {"seen", p.seen}, {"items", p.items}, {"reviewed", p.reviewed},
                         {"open", p.items - p.reviewed}, {"codings", p.codings}});
  }
  std::map<std::string, const StoredCode*> codes;
  std::vector<StoredCode> stored = c.store.Codes();
  for (const StoredCode& code : stored) codes[code.code] = &code;
  Json rows = Json::array(), years = Json::array();
  for (const auto& [year, n] : documents_per_year) years.push_back(year);
  for (const std::string& row : rows_) {
    const bool category = categories_.contains(row) && !codes.contains(row);
    Json out = Json::array();
    for (const auto& [year, n] : documents_per_year) {
      auto [turns, docs] = cells[{row, year}];
      out.push_back({{"year", year}, {"turns", turns}, {"documents", docs}, {"of", n}});
    }
    const StoredCode* code = category ? nullptr : codes[row];
    rows.push_back({{"code", row},
                    {"label", code ? (c.lang == "en" && !code->label_en.empty() ? code->label_en : code->label_nl) : row},
                    {"colour", code ? code->colour : "#444444"}, {"category", category}, {"cells", std::move(out)}});
  }
  Json code_memos = Json::object();
  for (const ManualWork& w : c.store.ManualWorkList({.coder = c.coder})) {
    if (w.kind == ManualWork::Kind::kMemo && w.file.empty()) code_memos[w.code] = w.memo;
  }
  return {{"coder", c.coder}, {"lang", c.lang}, {"view", ViewSentence(c.store, c.coder, c.lang != "en")},
          {"documents", std::move(documents)}, {"code_memos", std::move(code_memos)},
          {"years", std::move(years)}, {"frequencies", std::move(rows)}};
}

}  // namespace kansrijk::serve
