// The year report: theme frequencies per group, year comparisons with statistics, co-occurrence.
//
//   YearReport report = BuildYearReport(store, {.group_by = {"year"}});
//   WriteMarkdown(report, out);  WriteFrequencyCsv(report, out);  WriteHtml(report, out);  // report/render.h
//
// Computed once from the stored codings, in the view of options.coder; every format only renders it, so they
// cannot disagree. Counts are over respondent turns unless include_interviewer is set. A code "mentioned in a
// document" means at least one coded turn in it. Groups follow group_by; comparisons and trends are always
// between years. Rows are ordered by group, then code; numbers are formatted without locale, so the same
// database always gives the same bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/statistics.h"
#include "store/store.h"

namespace kansrijk {

struct ReportOptions {
  std::vector<std::string> group_by = {"year"};  // year, type, role, municipality or any manifest column
  bool include_interviewer = false;
  std::string language = "nl";  // nl or en: labels, summaries, number format in prose
  std::string coder;            // whose view of the codings (store.h CodingView): "" everyone, "auto", a name
};

struct ReportCode {
  std::string id, label, category, valence, colour;
  bool is_category = false;  // a category total: any code of the category, each turn counted once
};

// The corpus base of one group.
struct GroupBase {
  std::vector<std::string> key;  // values of group_by, in order
  int documents = 0, interviews = 0, focus_groups = 0;
  int respondent_turns = 0;
  long long respondent_words = 0;
};

struct Frequency {
  size_t code = 0;   // index into YearReport::codes
  size_t group = 0;  // index into YearReport::groups
  int coded_turns = 0;
  int documents = 0;        // documents of the group that mention the code
  Interval documents_ci;    // Wilson 95% of documents / group documents
  int respondents = 0;      // distinct (document, speaker) that mention it
  int codings = 0;
  double per_1000_words = 0;
  int positive = 0, negative = 0;  // codings by valence
};

// Share of documents mentioning a code, year A against year B.
struct Comparison {
  size_t code = 0;
  int year_a = 0, year_b = 0;
  int x_a = 0, n_a = 0, x_b = 0, n_b = 0;
  double difference = 0;  // p_b - p_a
  Interval difference_ci;  // Newcombe hybrid score, 95%
  double p = 1, p_adjusted = 1;  // Fisher exact two-sided; Benjamini-Hochberg over all comparisons
  bool small = false;  // a year with fewer than 5 documents
};

struct Trend {
  size_t code = 0;
  double z = 0, p = 1, p_adjusted = 1;  // Cochran-Armitage over all years (scores = years); BH over codes
};

struct CoOccurrence {
  size_t a = 0, b = 0;  // code indexes, a < b
  int year = 0;         // 0 = all years
  int turns = 0, documents = 0;
  double jaccard = 0;   // turns with both / turns with either
};

struct YearReport {
  ReportOptions options;
  std::string codebook;  // id and content hash of the codings' codebook(s)
  std::string view;      // one sentence: whose codings are counted (the coder view)
  std::vector<ReportCode> codes;  // the codebook's codes in its order, manual codes it lacks, then category totals
  std::vector<GroupBase> groups;
  std::vector<int> years;
  std::map<int, int> documents_per_year;
  std::vector<Frequency> frequencies;  // by group, then code
  std::vector<Frequency> by_year;      // by year, then code (the comparisons' basis)
  std::vector<Comparison> comparisons;
  std::vector<Trend> trends;
  std::vector<CoOccurrence> co_occurrence;  // per year and over all years, by (a, b)
  std::vector<std::string> warnings;
};

YearReport BuildYearReport(const Store& store, const ReportOptions& options = {});

// One sentence on whose codings a report counts (YearReport::view), in Dutch (`nl`) or English.
std::string ViewSentence(const Store& store, const std::string& coder, bool nl);

// `value` with `decimals` decimals as the report's language writes it: a decimal comma in Dutch ("nl").
std::string FormatNumber(double value, int decimals, const std::string& language);

// A sentence per code: "genoemd in 9 van 12 documenten in 2022, tegen 3 van 10 in 2019 (...)".
std::string Summary(const YearReport& report, size_t code);

}  // namespace kansrijk
