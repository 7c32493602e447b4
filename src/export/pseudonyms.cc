#include "export/pseudonyms.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/role_label.h"
#include "normalize/normalize.h"

namespace kansrijk {

namespace {

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u);
}

// Speaker labels that are roles, not names: ingest's role labels, and the roles a corpus may use as labels.
bool IsGenericLabel(const std::string& label) {
  static const RE2 roles(R"((?i)(begeleider|projectleider|ouder|moeder|vader)\s*\d*)");
  return IsRoleLabel(label) || RE2::FullMatch(label, roles);
}

// A speaker label and its parts: "Jansen, Petra" → "Jansen, Petra", "Petra Jansen", "Jansen", "Petra".
void AddNameForms(const std::string& label, const std::string& replacement, std::map<std::string, std::string>& names) {
  if (label.empty() || IsGenericLabel(label)) return;
  names.emplace(label, replacement);
  std::string flat = label;
  std::replace(flat.begin(), flat.end(), ',', ' ');
  std::istringstream in(flat);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (label.find(',') != std::string::npos && words.size() == 2) names.emplace(words[1] + " " + words[0], replacement);
  for (const std::string& w : words) {
    if (w.size() >= 3 && std::isupper(static_cast<unsigned char>(w[0]))) names.emplace(w, replacement);
  }
}

std::string Key(const std::string& type, int year, int number) {
  return fmt::format("{}-{}-{:02}", type == "focusgroep" ? "FG" : "INT", year, number);
}

// Normalised names with their replacements, longest first (so "Petra Jansen" goes before "Petra").
std::vector<std::pair<std::string, std::string>> Fold(const std::map<std::string, std::string>& names) {
  std::vector<std::pair<std::string, std::string>> forms;
  for (const auto& [name, replacement] : names) {
    std::string folded = Normalize(name).text;
    if (!folded.empty()) forms.emplace_back(folded, replacement);
  }
  std::stable_sort(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return forms;
}

std::string Replace(const std::string& text, const std::vector<std::pair<std::string, std::string>>& forms) {
  NormalizedText n = Normalize(text);
  std::vector<std::pair<Span, const std::string*>> replace;  // original spans, longest names first
  for (const auto& [form, replacement] : forms) {
    for (size_t at = n.text.find(form); at != std::string::npos; at = n.text.find(form, at + 1)) {
      if (at > 0 && IsWordByte(n.text[at - 1])) continue;
      size_t end = at + form.size();
      for (std::string_view ending : {"'s", "s", "'"}) {  // Petra's, Jansens, Marloes'
        if (std::string_view(n.text).substr(end).starts_with(ending) &&
            (end + ending.size() == n.text.size() || !IsWordByte(n.text[end + ending.size()]))) {
          end += ending.size();
          break;
        }
      }
      if (end < n.text.size() && IsWordByte(n.text[end])) continue;
      Span original = n.to_original.ToOriginal({static_cast<uint32_t>(at), static_cast<uint32_t>(end)});
      bool taken = std::any_of(replace.begin(), replace.end(), [&](const auto& r) {
        return r.first.begin < original.end && original.begin < r.first.end;
      });
      if (!taken) replace.emplace_back(original, &replacement);
    }
  }
  std::sort(replace.begin(), replace.end(), [](const auto& a, const auto& b) { return a.first.begin > b.first.begin; });
  std::string out = text;
  for (const auto& [span, replacement] : replace) out.replace(span.begin, span.size(), *replacement);
  return out;
}

}  // namespace

std::string Pseudonymise(const std::string& text, const std::map<std::string, std::string>& names) {
  return Replace(text, Fold(names));
}

Pseudonyms Pseudonyms::Load(const Store& store, const std::filesystem::path& names_csv) {
  Pseudonyms p;
  std::map<std::string, std::string> names;  // a name → its replacement
  std::vector<TurnRow> turns = store.Turns({});  // by file and turn number
  std::map<std::pair<std::string, bool>, int> speakers;  // (file, interviewer) → speakers numbered so far
  for (const TurnRow& t : turns) {
    AddNameForms(t.speaker, "[naam]", names);
    if (t.speaker.empty() || p.speakers_.contains({t.file, t.speaker})) continue;
    int number = ++speakers[{t.file, t.is_interviewer}];
    p.speakers_[{t.file, t.speaker}] = fmt::format("{}{}", t.is_interviewer ? "I" : "R", number);
  }
  if (!names_csv.empty()) {
    std::vector<std::vector<std::string>> rows = ReadCsvFile(
        names_csv, names_csv.string(), "give a CSV with the columns original,replacement (see docs/quotes.md)");
    for (size_t r = 0; r < rows.size(); ++r) {
      // The header row is optional: a first row naming the column `original` is one.
      if (rows[r].size() < 2 || (r == 0 && ColumnKey(rows[r][0]) == "original")) continue;
      names[rows[r][0]] = rows[r][1].empty() ? "[naam]" : rows[r][1];
    }
  }
  std::map<std::pair<std::string, int>, int> numbers;  // (type, year) → documents numbered so far
  for (const auto& [file, vars] : store.DocumentVariables()) {
    auto municipality = vars.find("municipality");
    if (municipality != vars.end() && !municipality->second.empty()) names.emplace(municipality->second, "[gemeente]");
    int year = std::stoi(vars.at("year"));
    p.documents_[file] = Key(vars.at("type"), year, ++numbers[{vars.at("type"), year}]);
  }
  p.forms_ = Fold(names);
  return p;
}

std::string Pseudonyms::Text(const std::string& text) const { return Replace(text, forms_); }

std::string Pseudonyms::Document(const std::string& file) const {
  auto it = documents_.find(file);
  return it == documents_.end() ? file : it->second;
}

std::optional<std::string> Pseudonyms::File(const std::string& key) const {
  for (const auto& [file, document_key] : documents_) {
    if (document_key == key) return file;
  }
  return std::nullopt;
}

std::string Pseudonyms::Speaker(const TurnRow& turn) const {
  auto it = speakers_.find({turn.file, turn.speaker});
  return it == speakers_.end() ? "" : it->second;
}

}  // namespace kansrijk
