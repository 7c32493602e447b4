#include "export/quotes.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <xxhash.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/html.h"
#include "base/utf8.h"
#include "base/zip.h"
#include "normalize/normalize.h"

namespace kansrijk {

std::string CutToSentences(const std::string& text, const std::vector<Span>& sentences, Span span, size_t max_chars,
                           Span* cut) {
  Span keep{0, static_cast<uint32_t>(text.size())};
  auto first = std::find_if(sentences.begin(), sentences.end(), [&](const Span& s) { return s.end > span.begin; });
  if (first != sentences.end()) {
    auto last = first;
    while (std::next(last) != sentences.end() && std::next(last)->begin < span.end) ++last;
    keep = {first->begin, last->end};
    if (keep.size() > max_chars) keep = *first;  // the sentence where the coded words start
  }
  if (keep.size() > max_chars) {  // one very long sentence: a window of whole words around the coded words
    uint32_t begin = keep.begin;
    if (span.begin > keep.begin + max_chars / 3) {  // start at the first word in the third before the coded words
      size_t space = text.find(' ', span.begin - max_chars / 3);
      begin = space != std::string::npos && space < span.begin ? static_cast<uint32_t>(space + 1) : span.begin;
    }
    uint32_t end = static_cast<uint32_t>(std::min<size_t>(keep.end, begin + max_chars));
    if (end < keep.end) {
      size_t space = text.rfind(' ', end);
      // No space in the window after the coded words (one long word, a link, a language without spaces): cut
      // between characters.
      end = static_cast<uint32_t>(space != std::string::npos && space > begin && space >= span.end
                                      ? space
                                      : CodePointStart(text, end));
    }
    // The coded words are never cut, even when they alone are longer than max_chars.
    keep = {begin, std::max(end, std::min(span.end, keep.end))};
  }
  if (cut) *cut = keep;
  std::string out = CollapseWhitespace(std::string_view(text).substr(keep.begin, keep.size()));
  bool cut_before = CollapseWhitespace(std::string_view(text).substr(0, keep.begin)).size() > 0;
  bool cut_after = CollapseWhitespace(std::string_view(text).substr(keep.end)).size() > 0;
  return (cut_before ? "[...] " : "") + out + (cut_after ? " [...]" : "");
}

std::string CleanSpeech(const std::string& text) {
  static const RE2 annotation(R"(\s*(\[[^\[\]]*\]|\((?:\.{2,}|…|lacht|lachen|gelach|stilte|pauze|zucht|onverstaanbaar|unv\.?)\)))");
  static const RE2 hesitation(R"((?i)(^|[\s(])(eh+|ehm+|uh+|uhm+|uhh+|ehh+)[,.]?(\s|$))");
  std::string out = text;
  bool capital = !out.empty() && std::isupper(static_cast<unsigned char>(out[0]));
  RE2::GlobalReplace(&out, annotation, "");
  while (RE2::GlobalReplace(&out, hesitation, "\\1")) {}
  // Repeated words ("de de", "ik ik"): RE2 has no back-references, so compare words here.
  std::istringstream in(out);
  std::string result, previous;
  for (std::string word; in >> word;) {
    std::string bare = Normalize(word).text;
    if (!bare.empty() && bare == previous && (word.back() != ',' && word.back() != '.')) continue;
    previous = (word.back() == ',' || word.back() == '.') ? "" : bare;
    result += (result.empty() ? "" : " ") + word;
  }
  if (capital && !result.empty() && std::islower(static_cast<unsigned char>(result[0]))) {
    result[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(result[0])));
  }
  return result;
}

QuoteSet SelectQuotes(const Store& store, const QuoteOptions& options) {
  QuoteSet set;
  set.options = options;
  std::map<std::string, std::map<std::string, std::string>> variables = store.DocumentVariables();
  Pseudonyms hide = Pseudonyms::Load(store, options.pseudonyms);  // also the document keys of the citations
  for (const StoredCode& c : store.Codes()) set.code_labels.emplace(c.code, c.label_nl);
  std::vector<std::string> codes = options.codes;
  if (codes.empty()) {
    for (const StoredCode& c : store.Codes()) {
      if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) codes.push_back(c.code);
    }
  }
  std::map<int64_t, std::vector<Span>> sentences = store.Sentences();
  TurnFilter filter{.years = options.years, .roles = options.roles, .speakers = TurnFilter::Speakers::kRespondent};
  std::vector<CodingRow> codings = store.Codings(filter, {.coder = options.coder});

  struct Candidate {
    const CodingRow* coding;
    int evidence = 0;     // codings of this code in the turn
    int rules = 0;        // distinct rules
    int score = 0;
    uint64_t order = 0;   // seeded tie-break
  };
  for (const std::string& code : codes) {
    std::map<int, std::map<int64_t, Candidate>> by_year;  // year → turn → candidate
    for (const CodingRow& c : codings) {
      if (c.code != code || (options.valence && c.valence != *options.valence)) continue;
      Candidate& candidate = by_year[c.turn.year][c.turn.id];
      if (!candidate.coding) candidate.coding = &c;
      ++candidate.evidence;
      candidate.rules += static_cast<int>(std::count(c.rules.begin(), c.rules.end(), ',')) + 1;
    }
    for (auto& [year, turns] : by_year) {
      std::vector<Candidate> pool;
      for (auto& [turn_id, candidate] : turns) {
        const CodingRow& c = *candidate.coding;
        std::string key = fmt::format("{}|{}|{}", options.seed, c.turn.file, c.turn.number);
        candidate.order = XXH3_64bits(key.data(), key.size());
        size_t length = c.turn.text.size();
        candidate.score = 2 * candidate.evidence + std::min(candidate.rules, 3) + (length >= 60 && length <= 600 ? 2 : 0);
        pool.push_back(candidate);
      }
      std::map<std::string, int> per_document;
      std::set<std::pair<std::string, std::string>> speakers;
      for (int n = 0; n < options.per_code && !pool.empty(); ++n) {
        // Spread first (fewest quotes from the document, a new respondent), then evidence, then the seed.
        auto best = std::min_element(pool.begin(), pool.end(), [&](const Candidate& a, const Candidate& b) {
          auto rank = [&](const Candidate& x) {
            return std::make_tuple(per_document[x.coding->turn.file],
                                   speakers.contains({x.coding->turn.file, x.coding->turn.speaker}) ? 1 : 0, -x.score,
                                   x.order);
          };
          return rank(a) < rank(b);
        });
        const CodingRow& c = *best->coding;
        ++per_document[c.turn.file];
        speakers.insert({c.turn.file, c.turn.speaker});
        Quote q;
        q.code = code;
        q.code_label = set.code_labels.contains(code) ? set.code_labels[code] : code;
        q.year = year;
        q.valence = c.valence;
        q.file = options.pseudonymise ? hide.Document(c.turn.file) : c.turn.file;
        q.turn = c.turn.number;
        Span cut;
        std::string text = CutToSentences(c.turn.text, sentences[c.turn.id], c.span, options.max_chars, &cut);
        q.span = cut;
        q.start = CodePointOffset(c.turn.text, cut.begin);
        q.end = CodePointOffset(c.turn.text, cut.end);
        q.verbatim = CollapseWhitespace(std::string_view(c.turn.text).substr(cut.begin, cut.size()));
        if (options.clean) {  // clean the words, not our own [...] marks around them
          bool before = text.starts_with("[...] "), after = text.ends_with(" [...]");
          std::string words = text.substr(before ? 6 : 0, text.size() - (before ? 6 : 0) - (after ? 6 : 0));
          text = (before ? "[...] " : "") + CleanSpeech(words) + (after ? " [...]" : "");
        }
        if (options.pseudonymise) {
          const std::string where = hide.Document(c.turn.file) + " turn " + std::to_string(c.turn.number);
          text = hide.Text(text, where);
          q.verbatim = hide.Text(q.verbatim, where);
        }
        q.text = text;
        const auto& vars = variables[c.turn.file];
        std::string role = vars.contains("role") && !vars.at("role").empty() ? vars.at("role") : vars.at("type");
        q.citation = fmt::format("({}, {}, {}, {})", role, vars.at("type"), year, hide.Document(c.turn.file));
        set.quotes.push_back(std::move(q));
        pool.erase(best);
      }
    }
    if (options.progress) options.progress(static_cast<size_t>(&code - codes.data()) + 1, codes.size(), code);
  }
  set.warnings = hide.UnlistedNames();
  return set;
}

namespace {

std::string Notice(const QuoteSet& set) {
  return set.options.pseudonymise
             ? "Gepseudonimiseerd: namen van sprekers, namen uit pseudonyms.csv en gemeenten zijn vervangen."
             : "LET OP: niet gepseudonimiseerd (--no-pseudonymise). Niet delen buiten het onderzoeksteam.";
}

std::string XmlEscape(std::string_view text) { return EscapeHtml(text); }

}  // namespace

void WriteQuotesMarkdown(const QuoteSet& set, std::ostream& out) {
  out << "# Citaten per thema en jaar\n\n" << Notice(set) << " "
      << (set.options.clean ? "Opgeschoond: haperingen, herhalingen en aantekeningen weggelaten."
                            : "Letterlijk zoals getranscribeerd.")
      << " [...] markeert waar de beurt is ingekort.\n";
  std::string code;
  int year = 0;
  for (const Quote& q : set.quotes) {
    if (q.code != code) {
      out << "\n## " << q.code_label << "\n";
      code = q.code;
      year = 0;
    }
    if (q.year != year) {
      out << "\n### " << q.year << "\n";
      year = q.year;
    }
    out << "\n> " << q.text << "\n>\n> — " << q.citation << "\n";
  }
}

void WriteQuotesCsv(const QuoteSet& set, std::ostream& out) {
  out << CsvRow({"code", "year", "valence", "citation", "quote", "verbatim", "file", "turn", "start", "end"});
  for (const Quote& q : set.quotes) {
    out << CsvRow({SpreadsheetText(q.code), std::to_string(q.year), SpreadsheetText(std::string(1, q.valence)),
                   SpreadsheetText(q.citation), SpreadsheetText(q.text), SpreadsheetText(q.verbatim),
                   SpreadsheetText(q.file), std::to_string(q.turn), std::to_string(q.start), std::to_string(q.end)});
  }
}

void WriteQuotesHtml(const QuoteSet& set, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Citaten</title><style>"
         "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
         "blockquote{border-left:4px solid #ccc;margin:1rem 0;padding:.2rem 1rem}cite{display:block;color:#555}"
         "</style></head><body>\n<h1>Citaten per thema en jaar</h1>\n<p>"
      << EscapeHtml(Notice(set)) << "</p>\n";
  std::string code;
  int year = 0;
  for (const Quote& q : set.quotes) {
    if (q.code != code) {
      out << "<h2>" << EscapeHtml(q.code_label) << "</h2>\n";
      code = q.code;
      year = 0;
    }
    if (q.year != year) {
      out << "<h3>" << q.year << "</h3>\n";
      year = q.year;
    }
    out << "<blockquote><p>" << EscapeHtml(q.text) << "</p><cite>" << EscapeHtml(q.citation) << "</cite></blockquote>\n";
  }
  out << "</body></html>\n";
}

void WriteQuotesDocx(const QuoteSet& set, const std::filesystem::path& file) {
  const char* w = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";
  auto paragraph = [](const char* style, const std::string& text, bool italic = false) {
    return fmt::format(R"(<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr><w:r>{}<w:t xml:space="preserve">{}</w:t></w:r></w:p>)",
                       style, italic ? "<w:rPr><w:i/></w:rPr>" : "", XmlEscape(text));
  };
  std::string body = paragraph("Title", "Citaten per thema en jaar") + paragraph("Normal", Notice(set));
  std::string code;
  int year = 0;
  for (const Quote& q : set.quotes) {
    if (q.code != code) {
      body += paragraph("Heading1", q.code_label);
      code = q.code;
      year = 0;
    }
    if (q.year != year) {
      body += paragraph("Heading2", std::to_string(q.year));
      year = q.year;
    }
    body += paragraph("Quote", q.text) + paragraph("Citation", q.citation);
  }
  const std::string document = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {}><w:body>{}<w:sectPr/></w:body></w:document>)", w, body);
  auto style = [](const char* id, const char* name, const char* extra) {
    return fmt::format(R"(<w:style w:type="paragraph" w:styleId="{}"><w:name w:val="{}"/><w:basedOn w:val="Normal"/>{}</w:style>)",
                       id, name, extra);
  };
  const std::string styles = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {}>)"
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>{}{}{}{}{}</w:styles>)",
      w, style("Title", "Title", R"(<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>)"),
      style("Heading1", "heading 1", R"(<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr>)"),
      style("Citation", "Citation", R"(<w:pPr><w:spacing w:after="240"/><w:ind w:left="720" w:right="720"/><w:jc w:val="right"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>)"),
      style("Heading2", "heading 2", R"(<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr>)"),
      style("Quote", "Quote", R"(<w:pPr><w:spacing w:after="120"/><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/></w:rPr>)"));
  const std::vector<ZipMember> parts = {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>)"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)"},
      {"word/_rels/document.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)"},
      {"word/document.xml", document},
      {"word/styles.xml", styles}};
  // libzip's defaults as the Word file was always written (mode 0666 in the archive, default deflate), dated
  // 1980-01-01: reports/quotes.docx is in git and must not change.
  WriteZip(file, parts, {.year = 1980, .month = 1, .day = 1, .mode = 0666});
}

std::string RenderQuotes(const QuoteSet& quotes, const std::string& format) {
  std::ostringstream out;
  if (format == "md") WriteQuotesMarkdown(quotes, out);
  else if (format == "csv") WriteQuotesCsv(quotes, out);
  else if (format == "html") WriteQuotesHtml(quotes, out);
  else throw Error({}, fmt::format("quotes cannot be written as '{}' text", format), "give md, csv or html, or docx with --out FILE");
  return out.str();
}

}  // namespace kansrijk
