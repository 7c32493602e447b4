#include <fmt/format.h>

#include "base/csv.h"
#include "report/render.h"

namespace kansrijk {

namespace {
std::string Num(double value) { return fmt::format("{:.6g}", value); }
}  // namespace

void WriteFrequencyCsv(const YearReport& r, std::ostream& out, bool bom) {
  if (bom) out << "\xEF\xBB\xBF";
  std::vector<std::string> header = {"table", "code", "label", "category", "is_category"};
  for (const std::string& d : r.options.group_by) header.push_back(d);
  header.insert(header.end(), {"compared_with", "measure", "value"});
  out << CsvRow(header);
  auto row = [&](const char* table, size_t code, const std::vector<std::string>& group, const std::string& other,
                 const char* measure, const std::string& value) {
    const ReportCode& c = r.codes[code];
    std::vector<std::string> fields = {table, c.id, c.label, c.category, c.is_category ? "1" : "0"};
    fields.insert(fields.end(), group.begin(), group.end());
    fields.insert(fields.end(), {other, measure, value});
    out << CsvRow(fields);
  };
  for (const Frequency& f : r.frequencies) {
    const GroupBase& g = r.groups[f.group];
    const std::vector<std::string>& key = g.key;
    row("frequency", f.code, key, "", "coded_turns", std::to_string(f.coded_turns));
    row("frequency", f.code, key, "", "documents", std::to_string(f.documents));
    row("frequency", f.code, key, "", "documents_total", std::to_string(g.documents));
    row("frequency", f.code, key, "", "documents_share", Num(g.documents ? double(f.documents) / g.documents : 0));
    row("frequency", f.code, key, "", "documents_ci_low", Num(f.documents_ci.low));
    row("frequency", f.code, key, "", "documents_ci_high", Num(f.documents_ci.high));
    row("frequency", f.code, key, "", "respondents", std::to_string(f.respondents));
    row("frequency", f.code, key, "", "codings", std::to_string(f.codings));
    row("frequency", f.code, key, "", "codings_per_1000_words", Num(f.per_1000_words));
    row("frequency", f.code, key, "", "codings_positive", std::to_string(f.positive));
    row("frequency", f.code, key, "", "codings_negative", std::to_string(f.negative));
  }
  // Comparisons and trends are by year only; the other group columns stay empty.
  auto year_key = [&](int year) {
    std::vector<std::string> key(r.options.group_by.size());
    if (!key.empty()) key[0] = std::to_string(year);
    return key;
  };
  for (const Comparison& c : r.comparisons) {
    std::vector<std::string> key = year_key(c.year_b);
    std::string other = std::to_string(c.year_a);
    row("comparison", c.code, key, other, "difference", Num(c.difference));
    row("comparison", c.code, key, other, "difference_ci_low", Num(c.difference_ci.low));
    row("comparison", c.code, key, other, "difference_ci_high", Num(c.difference_ci.high));
    row("comparison", c.code, key, other, "fisher_p", Num(c.p));
    row("comparison", c.code, key, other, "fisher_p_bh", Num(c.p_adjusted));
    row("comparison", c.code, key, other, "fewer_than_5_documents", c.small ? "1" : "0");
  }
  for (const Trend& t : r.trends) {
    std::vector<std::string> key(r.options.group_by.size());
    row("trend", t.code, key, "", "cochran_armitage_z", Num(t.z));
    row("trend", t.code, key, "", "cochran_armitage_p", Num(t.p));
    row("trend", t.code, key, "", "cochran_armitage_p_bh", Num(t.p_adjusted));
  }
  for (const CoOccurrence& co : r.co_occurrence) {
    std::vector<std::string> key(r.options.group_by.size());
    if (!key.empty() && co.year) key[0] = std::to_string(co.year);
    std::string other = r.codes[co.b].id;
    row("co_occurrence", co.a, key, other, "turns_both", std::to_string(co.turns));
    row("co_occurrence", co.a, key, other, "documents_both", std::to_string(co.documents));
    row("co_occurrence", co.a, key, other, "jaccard", Num(co.jaccard));
  }
}

}  // namespace kansrijk
