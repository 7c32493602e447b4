// reports/report.html: one file, no scripts, fonts or network; charts are inline SVG drawn here.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "report/render.h"

namespace kansrijk {

namespace {

std::string Num(bool comma, double value, int decimals) { return FormatNumber(value, decimals, comma ? "nl" : "en"); }

const char* kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; line-height: 1.45; padding: 0 1rem; }
h1, h2 { font-weight: 600; } table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.multiples { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; } figcaption { font-size: .85rem; font-weight: 600; }
.note { background: #fff4e0; padding: .5rem 1rem; border-left: 4px solid #e08a00; } .swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; }
)css";

// Share of documents per year with Wilson intervals, one small chart per code.
std::string SmallMultiple(const YearReport& r, size_t code) {
  const bool comma = r.options.language == "nl";
  const int width = 240, height = 150, left = 34, right = 18, top = 10, bottom = 24;
  const size_t years = r.years.size();
  auto x = [&](size_t i) { return left + (years <= 1 ? (width - left - right) / 2.0 : i * double(width - left - right) / (years - 1)); };
  auto y = [&](double share) { return top + (1 - share) * (height - top - bottom); };
  std::ostringstream svg;
  svg << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}">)", width,
                     height, EscapeHtml(r.codes[code].label));
  for (double g : {0.0, 0.5, 1.0}) {
    svg << fmt::format(R"(<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/><text x="{}" y="{:.1f}" font-size="10" text-anchor="end">{}%</text>)",
                       left, width - right, y(g), y(g), left - 4, y(g) + 3, Num(comma, 100 * g, 0));
  }
  std::string path;
  for (size_t i = 0; i < years; ++i) {
    const Frequency& f = r.by_year[i * r.codes.size() + code];
    auto known = r.documents_per_year.find(r.years[i]);
    double total = known == r.documents_per_year.end() ? 0 : known->second;
    double share = total > 0 ? f.documents / total : 0;
    svg << fmt::format(R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" stroke="{3}" stroke-width="2" opacity=".45"/>)",
                       x(i), y(f.documents_ci.low), y(f.documents_ci.high), r.codes[code].colour);
    svg << fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"><title>{}: {} / {}</title></circle>)", x(i), y(share),
                       r.codes[code].colour, r.years[i], f.documents, total);
    path += fmt::format("{}{:.1f},{:.1f}", i ? " L" : "M", x(i), y(share));
    svg << fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" text-anchor="middle">{}</text>)", x(i), height - 8, r.years[i]);
  }
  svg << fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-width="1.5"/>)", path, r.codes[code].colour);
  svg << "</svg>";
  return svg.str();
}

// Codings of facilitator and barrier codes per year, stacked.
std::string ValenceBars(const YearReport& r) {
  const int width = 520, height = 220, left = 40, top = 10, bottom = 28, bar = 48;
  std::vector<std::pair<int, int>> counts;  // (facilitator, barrier) per year
  int most = 1;
  for (size_t i = 0; i < r.years.size(); ++i) {
    int facilitator = 0, barrier = 0;
    for (size_t c = 0; c < r.codes.size(); ++c) {
      if (r.codes[c].is_category) continue;
      int n = r.by_year[i * r.codes.size() + c].codings;
      if (r.codes[c].valence == "facilitator") facilitator += n;
      if (r.codes[c].valence == "barrier") barrier += n;
    }
    counts.emplace_back(facilitator, barrier);
    most = std::max(most, facilitator + barrier);
  }
  const bool nl = r.options.language == "nl";
  auto h = [&](int n) { return double(n) * (height - top - bottom) / most; };
  std::ostringstream svg;
  svg << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}">)", width,
                     height, nl ? "bevorderende en belemmerende factoren per jaar" : "facilitators and barriers per year");
  for (size_t i = 0; i < counts.size(); ++i) {
    double x0 = left + 20 + i * (bar + 40.0);
    double base = height - bottom;
    auto [f, b] = counts[i];
    svg << fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{:.1f}" fill="#1b9e77"><title>{} {}: {}</title></rect>)",
                       x0, base - h(f), bar, h(f), r.years[i], nl ? "bevorderend" : "facilitators", f);
    svg << fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{:.1f}" fill="#d95f02"><title>{} {}: {}</title></rect>)",
                       x0, base - h(f) - h(b), bar, h(b), r.years[i], nl ? "belemmerend" : "barriers", b);
    svg << fmt::format(R"(<text x="{:.1f}" y="{}" font-size="11" text-anchor="middle">{}</text>)", x0 + bar / 2.0, height - 10, r.years[i]);
    svg << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle">{}</text>)", x0 + bar / 2.0,
                       base - h(f) - h(b) - 3, f + b);
  }
  svg << fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#999"/></svg>)", left, width, height - bottom, height - bottom);
  return svg.str();
}

// Jaccard index of every pair of codes over all years.
std::string HeatMap(const YearReport& r) {
  const bool comma = r.options.language == "nl";
  std::vector<size_t> codes;
  for (size_t c = 0; c < r.codes.size(); ++c) {
    if (!r.codes[c].is_category) codes.push_back(c);
  }
  const int cell = 26, label = 170;
  const int size = label + cell * static_cast<int>(codes.size()) + 130;
  std::ostringstream svg;
  svg << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="co-occurrence">)",
                     size, size);
  double most = 0.01;
  for (const CoOccurrence& co : r.co_occurrence) {
    if (co.year == 0) most = std::max(most, co.jaccard);
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    svg << fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)", label - 6, label + i * cell + 17,
                       EscapeHtml(r.codes[codes[i]].label));
    svg << fmt::format(R"svg(<text transform="translate({},{}) rotate(-60)" font-size="11">{}</text>)svg", label + i * cell + 16,
                       label - 6, EscapeHtml(r.codes[codes[i]].label));
  }
  for (const CoOccurrence& co : r.co_occurrence) {
    if (co.year != 0) continue;
    size_t i = std::find(codes.begin(), codes.end(), co.a) - codes.begin();
    size_t j = std::find(codes.begin(), codes.end(), co.b) - codes.begin();
    for (auto [row, col] : {std::pair{i, j}, std::pair{j, i}}) {
      svg << fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#3b6ea5" fill-opacity="{:.3f}" stroke="#eee"><title>{} + {}: {} {}, Jaccard {}</title></rect>)",
          label + col * cell, label + row * cell, cell, cell, 0.05 + 0.95 * co.jaccard / most, EscapeHtml(r.codes[co.a].label),
          EscapeHtml(r.codes[co.b].label), co.turns, r.options.language == "nl" ? "beurten" : "turns", Num(comma, co.jaccard, 2));
    }
  }
  svg << "</svg>";
  return svg.str();
}

// The Markdown report's tables as HTML (rendered from the same report, not from the Markdown).
void Tables(const YearReport& r, std::ostream& out) {
  const bool nl = r.options.language == "nl", comma = nl;
  out << "<h2>" << (nl ? "Frequenties" : "Frequencies") << "</h2><table><thead><tr><th>code</th><th>"
      << (nl ? "groep" : "group") << "</th><th>" << (nl ? "beurten" : "turns") << "</th><th>"
      << (nl ? "documenten" : "documents") << "</th><th>" << (nl ? "95%-BI" : "95% CI") << "</th><th>"
      << (nl ? "respondenten" : "respondents") << "</th><th>" << (nl ? "per 1000 woorden" : "per 1000 words")
      << "</th><th>+</th><th>−</th></tr></thead><tbody>\n";
  for (const Frequency& f : r.frequencies) {
    const ReportCode& c = r.codes[f.code];
    std::string group;
    for (const std::string& v : r.groups[f.group].key) group += (group.empty() ? "" : " · ") + v;
    out << fmt::format(
        R"(<tr><td>{}<span class="swatch" style="background:{}"></span>{}{}</td><td>{}</td><td class="n">{}</td><td class="n">{} / {}</td><td class="n">{}–{}%</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
        c.is_category ? "<b>" : "", EscapeHtml(c.colour), EscapeHtml(c.label), c.is_category ? "</b>" : "",
        EscapeHtml(group), f.coded_turns, f.documents, r.groups[f.group].documents, Num(comma, 100 * f.documents_ci.low, 0),
        Num(comma, 100 * f.documents_ci.high, 0), f.respondents, Num(comma, f.per_1000_words, 2), f.positive, f.negative);
    out << "\n";
  }
  out << "</tbody></table>\n";
  if (r.comparisons.empty()) return;
  out << "<h2>" << (nl ? "Vergelijking tussen jaren (exploratief)" : "Comparing years (exploratory)") << "</h2>"
      << "<p>" << (nl ? "Verschil in aandeel documenten (procentpunten) met 95%-BI (Newcombe), Fisher's exacte toets en de "
                        "Benjamini–Hochberg-gecorrigeerde p. ⚠ = een jaar met minder dan 5 documenten."
                      : "Difference in the share of documents (percentage points) with 95% CI (Newcombe), Fisher's exact "
                        "test and the Benjamini–Hochberg adjusted p. ⚠ = a year with fewer than 5 documents.")
      << "</p><table><thead><tr><th>code</th><th>" << (nl ? "jaren" : "years")
      << "</th><th>van</th><th>naar</th><th>Δ</th><th>95%</th><th>p</th><th>p (BH)</th></tr></thead><tbody>\n";
  for (const Comparison& c : r.comparisons) {
    out << fmt::format(
        R"(<tr><td>{}</td><td>{}–{}{}</td><td class="n">{}/{}</td><td class="n">{}/{}</td><td class="n">{}{}</td><td class="n">{} – {}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
        EscapeHtml(r.codes[c.code].label), c.year_a, c.year_b, c.small ? " ⚠" : "", c.x_a, c.n_a, c.x_b, c.n_b,
        c.difference > 0 ? "+" : "", Num(comma, 100 * c.difference, 0), Num(comma, 100 * c.difference_ci.low, 0),
        Num(comma, 100 * c.difference_ci.high, 0), Num(comma, c.p, 3), Num(comma, c.p_adjusted, 3));
    out << "\n";
  }
  out << "</tbody></table>\n";
}

}  // namespace

void WriteHtml(const YearReport& r, std::ostream& out) {
  const bool nl = r.options.language == "nl";
  out << "<!DOCTYPE html>\n<html lang=\"" << (nl ? "nl" : "en") << "\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>" << (nl ? "Jaarrapport Kansrijke Start" : "Year report Kansrijke Start") << "</title><style>" << kStyle
      << "</style></head><body>\n";
  out << "<h1>" << (nl ? "Jaarrapport: thema's per jaar" : "Year report: themes per year") << "</h1>\n";
  out << "<p>" << EscapeHtml(nl ? "Alleen beurten van respondenten tellen mee. Coderingen: " : "Only respondent turns count. Codings: ")
      << EscapeHtml(r.codebook.empty() ? "–" : r.codebook) << ". " << EscapeHtml(r.view) << "</p>\n";
  for (const std::string& w : r.warnings) out << "<p class=\"note\">" << EscapeHtml(w) << "</p>\n";
  out << "<h2>" << (nl ? "Samenvatting" : "Summary") << "</h2><ul>\n";
  for (size_t c = 0; c < r.codes.size(); ++c) {
    if (!r.codes[c].is_category) out << "<li>" << EscapeHtml(Summary(r, c)) << "</li>\n";
  }
  out << "</ul>\n<h2>" << (nl ? "Aandeel documenten per jaar, met 95%-BI" : "Share of documents per year, with 95% CI")
      << "</h2><div class=\"multiples\">\n";
  for (size_t c = 0; c < r.codes.size(); ++c) {
    if (r.codes[c].is_category) continue;
    out << "<figure>" << SmallMultiple(r, c) << "<figcaption>" << EscapeHtml(r.codes[c].label) << "</figcaption></figure>\n";
  }
  out << "</div>\n<h2>" << (nl ? "Bevorderende en belemmerende factoren per jaar (coderingen)"
                               : "Facilitators and barriers per year (codings)")
      << "</h2>\n<p><span class=\"swatch\" style=\"background:#1b9e77\"></span>" << (nl ? "bevorderend" : "facilitators")
      << " <span class=\"swatch\" style=\"background:#d95f02\"></span>" << (nl ? "belemmerend" : "barriers") << "</p>\n"
      << ValenceBars(r) << "\n<h2>" << (nl ? "Samen voorkomen (Jaccard, alle jaren)" : "Co-occurrence (Jaccard, all years)")
      << "</h2>\n" << HeatMap(r) << "\n";
  Tables(r, out);
  out << "</body></html>\n";
}

}  // namespace kansrijk
