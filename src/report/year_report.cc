#include "report/year_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace kansrijk {

namespace {


// What the counts need of a turn. Documents and respondents are numbered, so that counting distinct ones
// compares numbers, not file names (a 1,000-transcript report spent most of its time there).
struct TurnInfo {
  int document = 0;    // numbers the turn's file
  int respondent = 0;  // numbers its (file, speaker)
  size_t group = 0;
  int year = 0;
};

// The number of distinct values in `values`.
size_t Distinct(std::vector<int>& values) {
  std::sort(values.begin(), values.end());
  return static_cast<size_t>(std::unique(values.begin(), values.end()) - values.begin());
}

std::string PValue(double p, const std::string& language) {
  return p < 0.001 ? (language == "nl" ? "< 0,001" : "< 0.001") : FormatNumber(p, 3, language);
}

}  // namespace

// Which codings the report counts, in the report's language.
std::string ViewSentence(const Store& store, const std::string& coder, bool nl) {
  if (coder == "auto") return nl ? "Alleen de automatische codering (--coder auto)." : "The automatic coding only (--coder auto).";
  if (coder == CodingView::kWithModel) {
    return nl ? "De automatische codering plus de suggesties van het geleerde model, niet beoordeeld (--coder auto+model)."
              : "The automatic coding plus the learned model's suggestions, unreviewed (--coder auto+model).";
  }
  if (!coder.empty()) {
    return fmt::format(fmt::runtime(nl ? "De weergave van {0}: de automatische codering zonder wat {0} afwees, plus de eigen "
                            "coderingen van {0}."
                          : "The view of {0}: the automatic coding without what {0} rejected, plus {0}'s own codings."),
                       coder);
  }
  std::string coders;
  for (const std::string& c : store.Coders()) coders += (coders.empty() ? "" : ", ") + c;
  if (coders.empty()) {
    // Said where the counts are read: docs/accuracy.md measured the rules on real speech they were not written for
    // (tests/gold-real/blind: recall 0.46, micro F1 0.53), far below what they do on our own fictional transcripts.
    return nl ? "De automatische codering; er zijn nog geen handmatige coderingen of beoordelingen. Op echte uitspraken "
                "waarvoor de regels niet geschreven zijn, vond de automatische codering ongeveer de helft van de thema's "
                "(docs/accuracy.md): beoordeel de codering (kansrijk serve) voordat u op deze aantallen bouwt."
              : "The automatic coding; there are no manual codings or reviews yet. On real speech the rules were not "
                "written for, the automatic coding found about half of the themes (docs/accuracy.md): review the coding "
                "(kansrijk serve) before you rely on these counts.";
  }
  return fmt::format(fmt::runtime(nl ? "Alle codeurs ({}): de automatische codering zonder wat een onderzoeker afwees, plus alle "
                          "handmatige coderingen. Eén codeur: --coder NAAM."
                        : "All coders ({}): the automatic coding without what any researcher rejected, plus every "
                          "manual coding. One coder: --coder NAME."),
                     coders);
}

YearReport BuildYearReport(const Store& store, const ReportOptions& options) {
  YearReport report;
  report.options = options;
  const bool nl = options.language == "nl";
  TurnFilter filter;
  if (!options.include_interviewer) filter.speakers = TurnFilter::Speakers::kRespondent;

  // Codes in codebook order, then one total per category.
  std::map<std::string, size_t> code_index;
  std::vector<std::string> categories;
  for (const StoredCode& c : store.Codes()) {
    if (code_index.contains(c.code)) continue;
    code_index[c.code] = report.codes.size();
    report.codes.push_back({c.code, nl ? c.label_nl : c.label_en, c.category, c.valence, c.colour, false});
    if (std::find(categories.begin(), categories.end(), c.category) == categories.end()) categories.push_back(c.category);
  }
  std::vector<CodingRow> codings = store.Codings(filter, {.coder = options.coder, .turn_text = false});
  report.view = ViewSentence(store, options.coder, nl);
  std::set<std::string> provenance;
  for (const CodingRow& c : codings) {
    if (!code_index.contains(c.code)) {  // a manual code the codebook does not have
      code_index[c.code] = report.codes.size();
      report.codes.push_back({c.code, c.code, "", "neutral", "#888888", false});
    }
    provenance.insert(c.origin == "rule" ? fmt::format("{} ({})", c.codebook_id, c.codebook_hash.substr(0, 12))
                                         : (nl ? "handmatig: " : "manual: ") + c.coder);
  }
  for (const std::string& p : provenance) report.codebook += (report.codebook.empty() ? "" : "; ") + p;
  const size_t real_codes = report.codes.size();
  std::map<std::string, size_t> category_index;
  for (const std::string& category : categories) {
    category_index[category] = report.codes.size();
    report.codes.push_back({category, category, category, "", "#444444", true});
  }
  if (codings.empty()) report.warnings.push_back(nl ? "Er zijn geen coderingen: voer eerst `kansrijk code` uit."
                                                    : "There are no codings: run `kansrijk code` first.");

  // Groups and the corpus base.
  std::map<std::string, std::map<std::string, std::string>> variables = store.DocumentVariables();
  std::map<std::vector<std::string>, size_t> group_index;
  std::map<std::string, size_t> document_group;
  std::set<int> years;
  auto group_key = [&](const std::map<std::string, std::string>& vars) {
    std::vector<std::string> key;
    for (const std::string& dimension : options.group_by) {
      auto it = vars.find(dimension);
      key.push_back(it == vars.end() || it->second.empty() ? (nl ? "(onbekend)" : "(unknown)") : it->second);
    }
    return key;
  };
  for (const auto& [file, vars] : variables) {
    group_index.emplace(group_key(vars), 0);
    years.insert(std::stoi(vars.at("year")));
  }
  for (auto& [key, index] : group_index) {
    index = report.groups.size();
    report.groups.push_back({key});
  }
  report.years.assign(years.begin(), years.end());
  std::map<int, int>& documents_per_year = report.documents_per_year;
  for (const auto& [file, vars] : variables) {
    size_t g = group_index[group_key(vars)];
    document_group[file] = g;
    GroupBase& base = report.groups[g];
    ++base.documents;
    ++(vars.at("type") == "focusgroep" ? base.focus_groups : base.interviews);
    ++documents_per_year[std::stoi(vars.at("year"))];
  }
  std::unordered_map<int64_t, TurnInfo> turns;
  std::map<int, long long> words_per_year;
  std::map<std::string, int> document_number;
  std::map<std::pair<std::string, std::string>, int> respondent_number;
  for (const TurnRow& t : store.Turns(filter)) {
    size_t g = document_group[t.file];
    const int document = document_number.try_emplace(t.file, static_cast<int>(document_number.size())).first->second;
    const int respondent =
        respondent_number.try_emplace({t.file, t.speaker}, static_cast<int>(respondent_number.size())).first->second;
    turns[t.id] = {document, respondent, g, t.year};
    ++report.groups[g].respondent_turns;
    report.groups[g].respondent_words += t.words;
    words_per_year[t.year] += t.words;
  }

  // Which turns each code (and category) has, and its codings.
  struct Tally {
    std::vector<int64_t> turns;  // sorted and without repeats once every coding is counted
    int codings = 0, positive = 0, negative = 0;
  };
  std::map<size_t, Tally> tally;  // by code index
  std::map<std::pair<size_t, size_t>, Tally> by_group, by_year;  // (code, group or year)
  for (const CodingRow& c : codings) {
    auto turn = turns.find(c.turn.id);
    if (turn == turns.end()) continue;
    std::vector<size_t> targets = {code_index[c.code]};
    const std::string& category = report.codes[code_index[c.code]].category;
    if (category_index.contains(category)) targets.push_back(category_index[category]);
    for (size_t code : targets) {
      for (Tally* t : {&tally[code], &by_group[{code, turn->second.group}], &by_year[{code, static_cast<size_t>(c.turn.year)}]}) {
        if (t->turns.empty() || t->turns.back() != c.turn.id) t->turns.push_back(c.turn.id);
        ++t->codings;
        ++(c.valence == '+' ? t->positive : t->negative);
      }
    }
  }
  auto sort_turns = [](auto& tallies) {
    for (auto& [unused, t] : tallies) {
      std::sort(t.turns.begin(), t.turns.end());
      t.turns.erase(std::unique(t.turns.begin(), t.turns.end()), t.turns.end());
    }
  };
  sort_turns(tally);
  sort_turns(by_group);
  sort_turns(by_year);
  auto frequency = [&](size_t code, size_t group, const Tally& t, int documents_total, long long words) {
    Frequency f;
    f.code = code;
    f.group = group;
    f.coded_turns = static_cast<int>(t.turns.size());
    std::vector<int> documents, respondents;
    for (int64_t turn : t.turns) {
      const TurnInfo& info = turns.at(turn);
      documents.push_back(info.document);
      respondents.push_back(info.respondent);
    }
    f.documents = static_cast<int>(Distinct(documents));
    f.documents_ci = WilsonInterval(f.documents, documents_total);
    f.respondents = static_cast<int>(Distinct(respondents));
    f.codings = t.codings;
    f.per_1000_words = words > 0 ? 1000.0 * t.codings / static_cast<double>(words) : 0;
    f.positive = t.positive;
    f.negative = t.negative;
    return f;
  };
  static const Tally kNone;
  for (size_t g = 0; g < report.groups.size(); ++g) {
    for (size_t code = 0; code < report.codes.size(); ++code) {
      auto it = by_group.find({code, g});
      report.frequencies.push_back(frequency(code, g, it == by_group.end() ? kNone : it->second,
                                             report.groups[g].documents, report.groups[g].respondent_words));
    }
  }
  for (int year : report.years) {
    for (size_t code = 0; code < report.codes.size(); ++code) {
      auto it = by_year.find({code, static_cast<size_t>(year)});
      Frequency f = frequency(code, static_cast<size_t>(year), it == by_year.end() ? kNone : it->second,
                              documents_per_year[year], words_per_year[year]);
      report.by_year.push_back(f);
    }
  }

  // Year comparisons: consecutive years, and the first against the last.
  auto year_frequency = [&](size_t code, int year) -> const Frequency& {
    size_t y = std::find(report.years.begin(), report.years.end(), year) - report.years.begin();
    return report.by_year[y * report.codes.size() + code];
  };
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i + 1 < report.years.size(); ++i) pairs.emplace_back(report.years[i], report.years[i + 1]);
  if (report.years.size() > 2) pairs.emplace_back(report.years.front(), report.years.back());
  for (size_t code = 0; code < report.codes.size(); ++code) {
    for (auto [a, b] : pairs) {
      Comparison c;
      c.code = code;
      c.year_a = a;
      c.year_b = b;
      c.x_a = year_frequency(code, a).documents;
      c.n_a = documents_per_year[a];
      c.x_b = year_frequency(code, b).documents;
      c.n_b = documents_per_year[b];
      c.difference = (c.n_b ? static_cast<double>(c.x_b) / c.n_b : 0) - (c.n_a ? static_cast<double>(c.x_a) / c.n_a : 0);
      c.difference_ci = NewcombeDifferenceInterval(c.x_b, c.n_b, c.x_a, c.n_a);
      c.p = FisherExactTwoSided(c.x_a, c.n_a - c.x_a, c.x_b, c.n_b - c.x_b);
      c.small = c.n_a < 5 || c.n_b < 5;
      report.comparisons.push_back(c);
    }
    if (report.years.size() >= 3) {
      std::vector<int> x, n;
      std::vector<double> scores;
      for (int year : report.years) {
        x.push_back(year_frequency(code, year).documents);
        n.push_back(documents_per_year[year]);
        scores.push_back(year);
      }
      TrendTest t = CochranArmitage(x, n, scores);
      report.trends.push_back({code, t.z, t.p, 1});
    }
  }
  std::vector<double> p;
  for (const Comparison& c : report.comparisons) p.push_back(c.p);
  std::vector<double> adjusted = BenjaminiHochberg(p);
  for (size_t i = 0; i < adjusted.size(); ++i) report.comparisons[i].p_adjusted = adjusted[i];
  p.clear();
  for (const Trend& t : report.trends) p.push_back(t.p);
  adjusted = BenjaminiHochberg(p);
  for (size_t i = 0; i < adjusted.size(); ++i) report.trends[i].p_adjusted = adjusted[i];
  for (int year : report.years) {
    if (documents_per_year[year] < 5) {
      report.warnings.push_back(nl ? fmt::format("{} heeft maar {} documenten: vergelijkingen met dit jaar zijn onzeker.",
                                                 year, documents_per_year[year])
                                   : fmt::format("{} has only {} documents: comparisons with this year are uncertain.",
                                                 year, documents_per_year[year]));
    }
  }

  // Co-occurrence of the codes (not the category totals), per year and over all years. Each code's turns are
  // walked once per pair as two sorted lists, counting per year in one pass: the
  // union is never built, which kept a 1,000-transcript report busy for seconds.
  std::vector<int> co_years = report.years;
  co_years.push_back(0);
  std::map<int, size_t> year_slot;
  for (size_t i = 0; i < co_years.size(); ++i) year_slot[co_years[i]] = i;
  std::map<std::pair<size_t, size_t>, std::vector<CoOccurrence>> pairs_by_year;
  for (size_t a = 0; a < real_codes; ++a) {
    for (size_t b = a + 1; b < real_codes; ++b) {
      std::vector<int> either(co_years.size(), 0), both(co_years.size(), 0);
      std::vector<std::vector<int>> documents(co_years.size());
      const std::vector<int64_t>& ta = tally[a].turns;
      const std::vector<int64_t>& tb = tally[b].turns;
      auto count = [&](int64_t turn, bool in_both) {
        const TurnInfo& info = turns.at(turn);
        for (size_t slot : {year_slot[info.year], co_years.size() - 1}) {
          ++either[slot];
          if (in_both) ++both[slot], documents[slot].push_back(info.document);
        }
      };
      auto ia = ta.begin(), ib = tb.begin();
      while (ia != ta.end() || ib != tb.end()) {
        if (ib == tb.end() || (ia != ta.end() && *ia < *ib)) {
          count(*ia++, false);
        } else if (ia == ta.end() || *ib < *ia) {
          count(*ib++, false);
        } else {
          count(*ia, true);
          ++ia, ++ib;
        }
      }
      std::vector<CoOccurrence>& list = pairs_by_year[{a, b}];
      for (size_t slot = 0; slot < co_years.size(); ++slot) {
        CoOccurrence co{a, b, co_years[slot]};
        co.turns = both[slot];
        co.documents = static_cast<int>(Distinct(documents[slot]));
        co.jaccard = either[slot] ? static_cast<double>(co.turns) / either[slot] : 0;
        list.push_back(co);
      }
    }
  }
  for (size_t slot = 0; slot < co_years.size(); ++slot) {  // the order of before: by year (all last), then pair
    for (const auto& [pair, list] : pairs_by_year) report.co_occurrence.push_back(list[slot]);
  }
  return report;
}

std::string FormatNumber(double value, int decimals, const std::string& language) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (language == "nl") std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string Summary(const YearReport& report, size_t code) {
  const std::string& lang = report.options.language;
  const bool nl = lang == "nl";
  if (report.years.empty()) return "";
  auto freq = [&](int year) -> const Frequency& {
    size_t y = std::find(report.years.begin(), report.years.end(), year) - report.years.begin();
    return report.by_year[y * report.codes.size() + code];
  };
  auto documents = [&](int year) {
    auto it = report.documents_per_year.find(year);
    return it == report.documents_per_year.end() ? 0 : it->second;
  };
  const ReportCode& c = report.codes[code];
  int first = report.years.front(), last = report.years.back();
  if (first == last) {
    return nl ? fmt::format("{}: genoemd in {} documenten in {}.", c.label, freq(last).documents, last)
              : fmt::format("{}: mentioned in {} documents in {}.", c.label, freq(last).documents, last);
  }
  const Comparison* cmp = nullptr;
  for (const Comparison& x : report.comparisons) {
    if (x.code == code && x.year_a == first && x.year_b == last) cmp = &x;
  }
  if (!cmp) return "";
  std::string diff = FormatNumber(100 * cmp->difference, 0, lang);
  if (cmp->difference > 0) diff = "+" + diff;
  std::string ci = fmt::format("{} {} {}", FormatNumber(100 * cmp->difference_ci.low, 0, lang), nl ? "tot" : "to",
                               FormatNumber(100 * cmp->difference_ci.high, 0, lang));
  if (nl) {
    return fmt::format(
        "{}: genoemd in {} van {} documenten in {}, tegen {} van {} in {} ({} procentpunt, 95%-BI {}; Fisher p = {}, "
        "exploratief).",
        c.label, cmp->x_b, documents(last), last, cmp->x_a, documents(first), first, diff, ci, PValue(cmp->p, lang));
  }
  return fmt::format(
      "{}: mentioned in {} of {} documents in {}, against {} of {} in {} ({} percentage points, 95% CI {}; Fisher "
      "p = {}, exploratory).",
      c.label, cmp->x_b, documents(last), last, cmp->x_a, documents(first), first, diff, ci, PValue(cmp->p, lang));
}

}  // namespace kansrijk
