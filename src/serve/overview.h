// Internal to serve/: the overview page's figures, kept current without rebuilding the year report on every
// request. Building the report for 1,000 transcripts takes seconds; the overview must answer in milliseconds.
//
// The cache holds, per document, the coder's progress and how many turns each code and category has in the
// coder's view (Store::CodedTurns: the pairs the year report counts). A write through the app refreshes the
// documents it touched (Touched); a commit by another connection (a second tab's server, `kansrijk code` in a
// terminal) changes SQLite's data_version and the cache is rebuilt. The per-year cells are summed from the
// documents, so they are the report's numbers: coded turns and documents per code and year (tests compare them
// with BuildYearReport after every kind of write).
#pragma once

#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/store.h"

namespace kansrijk::serve {

struct Context;

class OverviewCache {
 public:
  // The overview's JSON for `c.coder`.
  nlohmann::ordered_json Get(Context& c);
  // The document's key in pseudonymised output (INT-2021-02).
  std::string Key(Context& c, const std::string& file);
  // The document was written to by this connection: refresh its figures on the next Get.
  void Touched(const std::string& file) { touched_.insert(file); }

 private:
  struct DocumentFigures {
    int year = 0;
    std::string type, key;
    Store::Progress progress;
    std::map<std::string, int> turns;  // code or category id → its turns in the view
  };
  void Rebuild(Context& c);
  void Refresh(Context& c, const std::string& file);
  DocumentFigures Figures(Context& c, const std::vector<Store::ViewedCoding>& pairs, const Store::Progress& p);

  bool built_ = false;
  int64_t data_version_ = -1;
  std::set<std::string> touched_;
  std::map<std::string, DocumentFigures> documents_;  // by file
  std::map<std::string, std::string> category_of_;     // code → its category
  std::vector<std::string> rows_;                      // codes in codebook order, then categories
  std::set<std::string> categories_;
};

}  // namespace kansrijk::serve
