// reports/transcripts/*.html: read through a transcript and see what was coded and what was not.
#include <fmt/format.h>

#include <fstream>
#include <algorithm>
#include <map>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/file.h"
#include "report/render.h"

#include "base/file.h"

namespace kansrijk {

namespace {

std::string PageName(const std::string& file) {
  std::string name = file;
  for (char& c : name) {
    if (c == '/' || c == '\\' || c == ' ') c = '_';
  }
  return name + ".html";
}

const char* kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 56rem; color: #222; line-height: 1.5; padding: 0 1rem; }
.turn { display: grid; grid-template-columns: 3rem 11rem 1fr; gap: .6rem; padding: .4rem 0; border-bottom: 1px solid #eee; }
.turn.interviewer { color: #666; } .num, .time { color: #888; font-size: .85rem; } .who { font-weight: 600; }
mark { border-radius: 3px; padding: 0 2px; } .legend span { display: inline-block; margin: 0 .8rem .4rem 0; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
.codes { font-size: .8rem; color: #555; }
)css";

// The turn text with each coded span in a <mark> of its code's colour. Overlapping spans of different codes
// are split at every boundary, so nested and crossing codings both show.
std::string Highlight(const std::string& text, const std::vector<const CodingRow*>& codings,
                      const std::map<std::string, std::string>& colour) {
  std::vector<uint32_t> cuts = {0, static_cast<uint32_t>(text.size())};
  for (const CodingRow* c : codings) cuts.insert(cuts.end(), {c->span.begin, c->span.end});
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::string out;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    uint32_t begin = cuts[i], end = cuts[i + 1];
    std::string piece = EscapeHtml(std::string_view(text).substr(begin, end - begin));
    std::vector<const CodingRow*> covering;
    for (const CodingRow* c : codings) {
      if (c->span.begin <= begin && end <= c->span.end) covering.push_back(c);
    }
    if (covering.empty()) {
      out += piece;
      continue;
    }
    std::string title;
    for (const CodingRow* c : covering) {
      title += fmt::format("{}{} {} ({}{})", title.empty() ? "" : "; ", c->code, c->valence, c->coder,
                           c->rules.empty() ? "" : ": " + c->rules);
    }
    auto it = colour.find(covering.front()->code);
    std::string background = it == colour.end() ? "#888888" : it->second;
    out += fmt::format(R"(<mark style="background:{}55;box-shadow:inset 0 -2px {}" title="{}">{}</mark>)", background,
                       background, EscapeHtml(title), piece);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') out.replace(i, 1, "<br>");
  }
  return out;
}

}  // namespace

std::vector<std::string> WriteTranscriptPages(const Store& store, const YearReport& report, const std::filesystem::path& dir,
                                              const std::function<void(size_t, size_t, const std::string&)>& progress) {
  const bool nl = report.options.language == "nl";
  std::filesystem::create_directories(dir);
  std::map<std::string, std::string> colour, label;
  for (const ReportCode& c : report.codes) {
    colour[c.id] = c.colour;
    label[c.id] = c.label;
  }
  std::map<std::string, std::vector<TurnRow>> turns;
  for (TurnRow& t : store.Turns({})) turns[t.file].push_back(std::move(t));
  std::vector<CodingRow> codings = store.Codings({}, {.coder = report.options.coder, .turn_text = false});
  std::map<int64_t, std::vector<const CodingRow*>> by_turn;
  for (const CodingRow& c : codings) by_turn[c.turn.id].push_back(&c);
  std::vector<std::string> pages;
  for (const auto& [file, document] : turns) {
    std::ostringstream page;
    page << "<!DOCTYPE html>\n<html lang=\"" << (nl ? "nl" : "en") << "\"><head><meta charset=\"utf-8\"><title>"
         << EscapeHtml(file) << "</title><style>" << kStyle << "</style></head><body>\n";
    page << "<h1>" << EscapeHtml(file) << "</h1>\n<p>" << document.front().year << " · " << EscapeHtml(document.front().type)
         << " · " << document.size() << (nl ? " beurten" : " turns") << ". "
         << (nl ? "Grijze beurten zijn van de interviewer en worden niet geteld. Wijs een markering aan voor de code, "
                  "de valentie en de regel."
                : "Grey turns are the interviewer's and are not counted. Point at a highlight for its code, valence "
                  "and rule.")
         << "</p>\n<p class=\"legend\">";
    for (const ReportCode& c : report.codes) {
      if (c.is_category) continue;
      page << fmt::format(R"(<span><span class="swatch" style="background:{}"></span>{}</span>)", EscapeHtml(c.colour),
                          EscapeHtml(c.label));
    }
    page << "</p>\n";
    for (const TurnRow& t : document) {
      const std::vector<const CodingRow*>& coded = by_turn[t.id];
      page << fmt::format(R"(<div class="turn{}" id="t{}"><div class="num">{}</div><div><div class="who">{}</div><div class="time">{}</div></div><div>)",
                          t.is_interviewer ? " interviewer" : "", t.number, t.number,
                          EscapeHtml(t.speaker.empty() ? "?" : t.speaker), t.start_ms ? FormatClock(*t.start_ms) : "");
      page << Highlight(t.text, coded, colour);
      if (!coded.empty()) {
        std::string codes;
        for (const CodingRow* c : coded) codes += fmt::format("{}{}{}", codes.empty() ? "" : ", ", label[c->code], c->valence);
        page << "<div class=\"codes\">" << EscapeHtml(codes) << "</div>";
      }
      page << "</div></div>\n";
    }
    page << "</body></html>\n";
    std::string name = PageName(file);
    WriteFileAtomically(dir / name, page.str());
    pages.push_back(name);
    if (progress) progress(pages.size(), turns.size(), file);
  }
  return pages;
}

}  // namespace kansrijk
