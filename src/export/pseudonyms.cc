#include "export/pseudonyms.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/role_label.h"
#include "base/utf8.h"
#include "normalize/normalize.h"

namespace kansrijk {

namespace {

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u);
}

// A speaker label and its parts: "Jansen, Petra" → "Jansen, Petra", "Petra Jansen", "Jansen", "Petra".
void AddNameForms(const std::string& label, const std::string& replacement, std::map<std::string, std::string>& names) {
  if (label.empty() || IsRoleLabel(label)) return;
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

// The name a pseudonyms.csv row hides, or nothing for a blank row. A row that names something but cannot be used
// is an Error: skipping it would leave that name in every export.
std::optional<std::string> UsableName(const std::vector<std::string>& row, const Location& where) {
  if (std::all_of(row.begin(), row.end(), [](const std::string& field) { return Trim(field).empty(); })) {
    return std::nullopt;
  }
  const std::string name(Trim(row[0]));
  const std::string hint = "write each row as original,replacement (an empty replacement means [naam]); see "
                           "docs/quotes.md";
  if (name.empty()) throw Error(where, "the name to hide (the first column) is empty", hint);
  if (row.size() < 2) {
    throw Error(where, fmt::format("'{}' has no replacement column", name),
                fmt::format("write it as {},[naam] or with the replacement you want", name));
  }
  for (const std::string& field : {row[0], row[1]}) {
    if (field.find("\xEF\xBF\xBD") != std::string::npos) {  // U+FFFD: a character lost to a wrong encoding
      throw Error(where, fmt::format("'{}' holds a character lost to a wrong encoding (U+FFFD)", field),
                  "correct the name and save the file as UTF-8 (Excel: CSV UTF-8)");
    }
  }
  if (std::none_of(name.begin(), name.end(), IsWordByte)) {
    throw Error(where, fmt::format("'{}' holds no letters to find in the text", name), hint);
  }
  return name;
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
      // The header row is optional: a first row naming its first column `original`, or in Dutch `origineel` or
      // `naam`, is one (as a name to hide, "naam,vervanging" would turn every "naam" in the text into "vervanging").
      if (r == 0 && !rows[r].empty()) {
        const std::string first = ColumnKey(rows[r][0]);
        if (first == "original" || first == "origineel" || first == "naam") continue;
      }
      if (std::optional<std::string> name = UsableName(rows[r], Location::Row(names_csv.string(), int(r) + 1))) {
        names[*name] = Trim(rows[r][1]).empty() ? "[naam]" : std::string(Trim(rows[r][1]));
      }
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
  p.names_csv_ = names_csv;
  return p;
}

std::string Pseudonyms::Text(const std::string& text, const std::string& where) const {
  std::string out = Replace(text, forms_);
  // A capitalised word (with its tussenvoegsel) after a title or "collega" is a name, listed or not: what is
  // left of it after Replace was in no list.
  static const RE2 titled(
      R"((?i:\b(mevrouw|mevr\.|meneer|dhr\.|collega|juf|meester|dokter|buurvrouw|buurman))\s+((?:(?:van|de|der|den|ter|ten|van der|van den|van de)\s+)?\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?))");
  re2::StringPiece input(out);
  std::string title, name;
  while (RE2::FindAndConsume(&input, titled, &title, &name)) {
    std::vector<std::string>& places = unlisted_[AsciiLower(title) + " " + name];
    if (!where.empty() && (places.empty() || places.back() != where)) places.push_back(where);
  }
  return out;
}

std::vector<Diagnostic> Pseudonyms::UnlistedNames() const {
  std::vector<Diagnostic> out;
  const std::string file = names_csv_.empty() ? "pseudonyms.csv in the corpus folder" : names_csv_.string();
  for (const auto& [found, places] : unlisted_) {
    const std::string name = found.substr(found.find(' ') + 1);
    std::string at;
    for (size_t i = 0; i < places.size() && i < 5; ++i) at += (i ? ", " : " in ") + places[i];
    if (places.size() > 5) at += fmt::format(" and {} more", places.size() - 5);
    out.push_back({{}, fmt::format("'{}' looks like a name and is in no list, so it stays in the export{}: add "
                                   "\"{},[naam]\" to {}",
                                   found, at, name, file)});
  }
  return out;
}

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
