#include <xlsxwriter.h>

#include "base/error.h"
#include "report/render.h"

#include "base/file.h"

namespace kansrijk {

namespace {

// One worksheet: a bold, frozen header row, then rows of cells that are numbers or text.
class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, const std::vector<std::string>& header, lxw_format* bold)
      : sheet_(workbook_add_worksheet(book, name)) {
    for (size_t c = 0; c < header.size(); ++c) worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
    worksheet_freeze_panes(sheet_, 1, 0);
    worksheet_set_column(sheet_, 0, static_cast<lxw_col_t>(header.size() - 1), 16, nullptr);
  }
  Sheet& Text(const std::string& value) {
    worksheet_write_string(sheet_, row_, col_++, value.c_str(), nullptr);
    return *this;
  }
  Sheet& Number(double value) {
    worksheet_write_number(sheet_, row_, col_++, value, nullptr);
    return *this;
  }
  void NextRow() {
    ++row_;
    col_ = 0;
  }

 private:
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 1;
  lxw_col_t col_ = 0;
};

}  // namespace

void WriteXlsx(const YearReport& r, const std::filesystem::path& target) {
  WriteFileAtomically(target, [&](const std::filesystem::path& file) {
  const bool nl = r.options.language == "nl";
  // A fixed creation time keeps the file byte-identical from run to run.
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  if (!book) throw Error({target.string()}, "cannot create the Excel file");
  lxw_doc_properties properties{};
  properties.title = const_cast<char*>(nl ? "Jaarrapport" : "Year report");
  properties.created = 1;  // 1970-01-01: no clock in the output
  workbook_set_properties(book, &properties);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);

  std::vector<std::string> groups = r.options.group_by;
  std::vector<std::string> header = {"code", nl ? "label" : "label", nl ? "categorie" : "category"};
  header.insert(header.end(), groups.begin(), groups.end());
  for (const char* h : {"turns", "documents", "documents_total", "share", "ci_low", "ci_high", "respondents", "codings",
                        "per_1000_words", "positive", "negative"}) {
    header.push_back(h);
  }
  Sheet frequencies(book, nl ? "Frequenties" : "Frequencies", header, bold);
  for (const Frequency& f : r.frequencies) {
    const ReportCode& c = r.codes[f.code];
    const GroupBase& g = r.groups[f.group];
    frequencies.Text(c.id).Text(c.label).Text(c.category);
    for (const std::string& v : g.key) frequencies.Text(v);
    frequencies.Number(f.coded_turns).Number(f.documents).Number(g.documents)
        .Number(g.documents ? double(f.documents) / g.documents : 0).Number(f.documents_ci.low).Number(f.documents_ci.high)
        .Number(f.respondents).Number(f.codings).Number(f.per_1000_words).Number(f.positive).Number(f.negative);
    frequencies.NextRow();
  }
  std::vector<std::string> base_header = groups;
  for (const char* h : {"documents", "interviews", "focus_groups", "respondent_turns", "respondent_words"}) base_header.push_back(h);
  Sheet base(book, nl ? "Basis" : "Base", base_header, bold);
  for (const GroupBase& g : r.groups) {
    for (const std::string& v : g.key) base.Text(v);
    base.Number(g.documents).Number(g.interviews).Number(g.focus_groups).Number(g.respondent_turns).Number(double(g.respondent_words));
    base.NextRow();
  }
  Sheet comparisons(book, nl ? "Vergelijkingen" : "Comparisons",
                    {"code", "label", "year_a", "year_b", "documents_a", "total_a", "documents_b", "total_b", "difference",
                     "ci_low", "ci_high", "fisher_p", "fisher_p_bh", "fewer_than_5"},
                    bold);
  for (const Comparison& c : r.comparisons) {
    comparisons.Text(r.codes[c.code].id).Text(r.codes[c.code].label).Number(c.year_a).Number(c.year_b).Number(c.x_a)
        .Number(c.n_a).Number(c.x_b).Number(c.n_b).Number(c.difference).Number(c.difference_ci.low)
        .Number(c.difference_ci.high).Number(c.p).Number(c.p_adjusted).Number(c.small);
    comparisons.NextRow();
  }
  Sheet trends(book, "Trend", {"code", "label", "z", "p", "p_bh"}, bold);
  for (const Trend& t : r.trends) {
    trends.Text(r.codes[t.code].id).Text(r.codes[t.code].label).Number(t.z).Number(t.p).Number(t.p_adjusted);
    trends.NextRow();
  }
  Sheet co(book, nl ? "Samen voorkomen" : "Co-occurrence", {"code_a", "code_b", "year", "turns", "documents", "jaccard"}, bold);
  for (const CoOccurrence& c : r.co_occurrence) {
    co.Text(r.codes[c.a].id).Text(r.codes[c.b].id);
    if (c.year) co.Number(c.year); else co.Text(nl ? "alle" : "all");
    co.Number(c.turns).Number(c.documents).Number(c.jaccard);
    co.NextRow();
  }
  lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) throw Error({target.string()}, std::string("cannot write the Excel file: ") + lxw_strerror(error));
  });
}

}  // namespace kansrijk
