#include "code/codebook_formats.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "base/file.h"
#include "base/decode.h"
#include "base/utf8.h"
#include "code/codebook_import.h"
#include "code/yaml_load.h"
#include "normalize/normalize.h"

namespace kansrijk {

namespace {

using codebook_import::FileCategory;
using codebook_import::Finish;
using codebook_import::Ids;
using codebook_import::kGeneralSuffix;
using codebook_import::NewBook;
using codebook_import::Slug;

// ColorBrewer Dark2 then Set1: distinct on screen and in print, assigned in file order.
constexpr const char* kPalette[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                                    "#a6761d", "#666666", "#e41a1c", "#377eb8", "#4daf4a", "#984ea3",
                                    "#ff7f00", "#a65628", "#f781bf", "#999999"};

// ---- Dictionary terms → rules ----------------------------------------------------------------------------

// The terms of one dictionary entry on their way to rules: globs our terms rule has, and regexes for the rest.
struct Terms {
  std::vector<std::string> plain;   // a terms rule: words, prefix*, *suffix, *infix*, phrases
  std::vector<std::string> regex;   // one regex rule each
  Location at;                      // where the terms are (the rules' defined_at)
};

std::vector<std::string> Words(const std::string& term) {
  std::istringstream in(term);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// A term's glob as RE2 over normalised text: `?` one letter or digit, `*` any run of them, words separated by
// anything but letters and digits. "organi?atie*" → \borgani[\pL\pN]atie[\pL\pN]*\b
std::string GlobRegex(const std::vector<std::string>& words) {
  std::string out = "\\b";
  for (size_t w = 0; w < words.size(); ++w) {
    if (w > 0) out += "[^\\pL\\pN]+";
    std::string literal;
    auto flush = [&] {
      if (!literal.empty()) out += RE2::QuoteMeta(Normalize(literal).text);
      literal.clear();
    };
    for (char c : words[w]) {
      if (c == '*' || c == '?') {
        flush();
        out += c == '*' ? "[\\pL\\pN]*" : "[\\pL\\pN]";
      } else {
        literal += c;
      }
    }
    flush();
  }
  return out + "\\b";
}

// Adds one dictionary term, or throws at `at` for a term no rule can match.
void AddTerm(const std::string& raw, const Location& at, Terms& terms) {
  std::vector<std::string> words = Words(raw);
  if (words.empty()) throw Error(at, "empty term", "remove it, or write the word");
  bool needs_regex = false;
  for (const std::string& word : words) {
    std::string letters = word;
    std::replace(letters.begin(), letters.end(), '*', ' ');
    std::replace(letters.begin(), letters.end(), '?', ' ');
    if (Tokenize(Normalize(letters).text).empty()) {
      throw Error(at, fmt::format("term '{}': '{}' has no letters or digits", raw, word),
                  "every word of a term needs a letter or digit; a word of only * or ? would match any word");
    }
    for (size_t i = 0; i < word.size(); ++i) {
      needs_regex |= word[i] == '?' || (word[i] == '*' && i != 0 && i + 1 != word.size());
    }
  }
  std::string term;
  for (const std::string& word : words) term += (term.empty() ? "" : " ") + word;
  std::vector<std::string>& list = needs_regex ? terms.regex : terms.plain;
  std::string entry = needs_regex ? GlobRegex(words) : term;
  if (std::find(list.begin(), list.end(), entry) == list.end()) list.push_back(entry);
}

// A neutral code with the rules for `terms` (ids as LoadCodebook gives them), manual when there are none.
Code MakeCode(const std::string& id, const std::string& label, const Location& at, const Terms& terms, int& colour) {
  Code code;
  code.id = id;
  code.label_nl = code.label_en = label;
  code.valence = Valence::kNeutral;
  code.colour = kPalette[colour++ % std::size(kPalette)];
  code.defined_at = at;
  int index = 1;
  if (!terms.plain.empty()) {
    Rule rule;
    rule.kind = RuleKind::kTerms;
    rule.terms = terms.plain;
    rule.id = fmt::format("{}/terms-{}", id, index++);
    rule.defined_at = terms.at;
    code.rules.push_back(std::move(rule));
  }
  for (const std::string& pattern : terms.regex) {
    Rule rule;
    rule.kind = RuleKind::kRegex;
    rule.pattern = pattern;
    rule.id = fmt::format("{}/regex-{}", id, index++);
    rule.defined_at = terms.at;
    code.rules.push_back(std::move(rule));
  }
  code.manual = code.rules.empty();
  return code;
}

// ---- quanteda YAML ---------------------------------------------------------------------------------------

class QuantedaReader {
 public:
  explicit QuantedaReader(const std::filesystem::path& file) : file_(file), name_(file.string()) {}

  Codebook Read() {
    std::string bytes = ReadFile(file_, {.hint = "give the path of a .yml dictionary", .what = "quanteda dictionary"});
    Codebook book = NewBook(file_, bytes);
    std::string text = DecodeText(bytes, name_).text;
    YAML::Node root =
        LoadYaml(text, name_, "check the indentation, and quote terms that start with * or contain ': '");
    if (!root.IsMap() || root.size() == 0) {
      throw Error({name_, 1}, "a quanteda dictionary must be a mapping of keys to lists of terms",
                  "write it as 'key: [term, term*]', with nested keys for subcategories");
    }
    std::vector<Code> flat;
    for (const auto& entry : root) {
      std::string key = Key(entry.first);
      Terms terms;
      std::vector<std::pair<YAML::Node, YAML::Node>> subs;
      Split(entry.first, entry.second, terms, subs);
      if (subs.empty()) {
        flat.push_back(MakeCode(ids_.Unique(Slug(key, "code")), key, At(entry.first), terms, colour_));
        continue;
      }
      Category category;
      category.id = ids_.Unique(Slug(key, "categorie"));
      category.label_nl = category.label_en = key;
      if (!terms.plain.empty() || !terms.regex.empty()) {
        category.codes.push_back(MakeCode(ids_.Unique(category.id + kGeneralSuffix), key, At(entry.first), terms, colour_));
      }
      for (const auto& [sub_key, sub_value] : subs) Walk(category, sub_key, sub_value, key, "");
      book.categories.push_back(std::move(category));
    }
    return Finish(std::move(book), std::move(flat), file_, ids_);
  }

 private:
  Location At(const YAML::Node& node) const { return {name_, node.Mark().line + 1, node.Mark().column + 1}; }

  std::string Key(const YAML::Node& key) const {
    if (!key.IsScalar() || key.Scalar().empty()) {
      throw Error(At(key), "a dictionary key must be a name", "write it as 'name: [term, term]'");
    }
    return key.Scalar();
  }

  // The terms of `value`, and its sub-keys (a mapping, or mappings inside the list of terms).
  void Split(const YAML::Node& key, const YAML::Node& value, Terms& terms,
             std::vector<std::pair<YAML::Node, YAML::Node>>& subs) const {
    terms.at = At(value.IsNull() ? key : value);
    auto term = [&](const YAML::Node& node) {
      if (!node.IsScalar()) {
        throw Error(At(node), fmt::format("a term of '{}' is not text", key.Scalar()),
                    "write terms as a list [a, b*], and subcategories as 'name: [terms]'");
      }
      AddTerm(node.Scalar(), At(node), terms);
    };
    if (value.IsScalar()) {
      term(value);
    } else if (value.IsMap()) {
      for (const auto& entry : value) subs.emplace_back(entry.first, entry.second);
    } else if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (item.IsMap()) {
          for (const auto& entry : item) subs.emplace_back(entry.first, entry.second);
        } else {
          term(item);
        }
      }
    }
    if (terms.plain.empty() && terms.regex.empty() && subs.empty()) {
      throw Error(At(key), fmt::format("'{}' has no terms", key.Scalar()),
                  "give it a list of terms such as [geld, budget*], or remove it");
    }
  }

  // A key below a category: a code for its own terms (id from the whole path, label from the path below the
  // category), then its sub-keys.
  void Walk(Category& category, const YAML::Node& key_node, const YAML::Node& value, const std::string& id_path,
            const std::string& label_path) {
    std::string key = Key(key_node);
    std::string id_text = id_path + "-" + key;
    std::string label = label_path.empty() ? key : label_path + " / " + key;
    Terms terms;
    std::vector<std::pair<YAML::Node, YAML::Node>> subs;
    Split(key_node, value, terms, subs);
    if (!terms.plain.empty() || !terms.regex.empty()) {
      category.codes.push_back(MakeCode(ids_.Unique(Slug(id_text, "code")), label, At(key_node), terms, colour_));
    }
    for (const auto& [sub_key, sub_value] : subs) Walk(category, sub_key, sub_value, id_text, label);
  }

  std::filesystem::path file_;
  std::string name_;
  Ids ids_;
  int colour_ = 0;
};

// ---- LIWC .dic -------------------------------------------------------------------------------------------

class LiwcReader {
 public:
  explicit LiwcReader(const std::filesystem::path& file) : file_(file), name_(file.string()) {}

  Codebook Read() {
    std::string bytes = ReadFile(file_, {.hint = "give the path of a .dic dictionary", .what = "LIWC dictionary"});
    Codebook book = NewBook(file_, bytes);
    std::string text = DecodeText(bytes, name_).text;  // BOM, UTF-16 and windows-1252 become UTF-8
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.ends_with('\r')) line.pop_back();
      lines.push_back(line);
    }
    size_t at = 0;
    while (at < lines.size() && Blank(lines[at])) ++at;
    if (at == lines.size() || Trim(lines[at]) != "%") {
      throw Error({name_, at == lines.size() ? 1 : static_cast<int>(at) + 1, 1},
                  "a LIWC dictionary starts with a line '%'",
                  "the header is '%', then lines 'number<TAB>category', then '%'; the terms follow");
    }
    const size_t opening = at++;
    // The header: number<TAB>name[<TAB>description]
    std::vector<Entry> entries;
    std::map<std::string, size_t> by_number;
    for (;; ++at) {
      if (at == lines.size()) {
        throw Error({name_, static_cast<int>(opening) + 1, 1}, "the header that starts here has no closing line '%'",
                    "end the list of categories with a line holding only %");
      }
      const std::string& line = lines[at];
      if (Blank(line)) continue;
      if (Trim(line) == "%") break;
      std::vector<Field> words = SplitWords(line, 0);
      Location where = Where(at, words[0].column);
      if (!Number(words[0].text)) {
        throw Error(where, fmt::format("'{}' is not a category number", words[0].text),
                    "a header line is 'number<TAB>category'; is the closing '%' line of the header missing?");
      }
      if (words.size() < 2) {
        throw Error(where, fmt::format("category {} has no name", words[0].text), "write it as 'number<TAB>category'");
      }
      std::string number = Canonical(words[0].text);
      if (by_number.contains(number)) {
        throw Error(where, fmt::format("category {} is defined twice", words[0].text), "give each category its own number");
      }
      by_number[number] = entries.size();
      // The name runs to the next tab (one word when the line has no tabs); the rest is a description.
      size_t name_begin = words[1].byte;
      size_t name_end = line.find(line.find('\t') == std::string::npos ? ' ' : '\t', name_begin);
      if (name_end == std::string::npos) name_end = line.size();
      Entry entry;
      entry.label = std::string(Trim(line.substr(name_begin, name_end - name_begin)));
      entry.definition = std::string(Trim(line.substr(name_end)));
      if (entry.definition.size() >= 2 && entry.definition.front() == '(' && entry.definition.back() == ')') {
        entry.definition = entry.definition.substr(1, entry.definition.size() - 2);  // "(Function Words)"
      }
      entry.id = ids_.Unique(Slug(entry.label, "categorie-" + number));
      entry.terms.at = where;
      entries.push_back(std::move(entry));
    }
    // The terms: term<TAB>n<TAB>m, or with spaces: the numbers at the end ("kind of 1 2").
    for (++at; at < lines.size(); ++at) {
      const std::string& line = lines[at];
      if (Blank(line)) continue;
      size_t begin = line.find_first_not_of(" \t");
      size_t tab = line.find('\t', begin);
      Field term;
      std::vector<Field> numbers;
      if (tab != std::string::npos) {
        term = {std::string(Trim(line.substr(begin, tab - begin))), Column(line, begin), begin};
        numbers = SplitWords(line, tab);
      } else {
        std::vector<Field> words = SplitWords(line, begin);
        size_t first = words.size();
        while (first > 1 && Number(words[first - 1].text)) --first;
        size_t term_end = words[first - 1].byte + words[first - 1].text.size();
        term = {line.substr(begin, term_end - begin), Column(line, begin), begin};
        numbers.assign(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
      }
      if (numbers.empty()) {
        throw Error(Where(at, Column(line, term.byte + term.text.size())),
                    fmt::format("term '{}' has no category numbers", term.text),
                    "write it as 'term<TAB>number<TAB>number', with numbers from the header");
      }
      for (const Field& number : numbers) {
        Location where = Where(at, number.column);
        if (!Number(number.text)) {
          throw Error(where, fmt::format("'{}' is not a category number", number.text),
                      number.text.find_first_of("()/") != std::string::npos
                          ? "LIWC 2007 conditional categories such as (02 134)125/464 are not supported: give plain numbers"
                          : "categories are numbers from the header, separated by tabs");
        }
        auto it = by_number.find(Canonical(number.text));
        if (it == by_number.end()) {
          throw Error(where, fmt::format("category {} is not in the header", number.text),
                      "add it between the two '%' lines, or correct the number");
        }
        AddTerm(term.text, Where(at, term.column), entries[it->second].terms);
      }
    }
    Category category = FileCategory(file_, ids_);
    for (const Entry& entry : entries) {
      Code code = MakeCode(entry.id, entry.label, entry.terms.at, entry.terms, colour_);
      code.definition = entry.definition;
      code.category = category.id;
      category.codes.push_back(std::move(code));
    }
    book.categories.push_back(std::move(category));
    return book;
  }

 private:
  struct Field {
    std::string text;
    int column = 1;   // 1-based, in code points
    size_t byte = 0;  // in the line
  };
  struct Entry {  // a category of the header
    std::string id, label, definition;
    Terms terms;
  };

  static bool Blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }
  static bool Number(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  static std::string Canonical(const std::string& number) {  // 007 and 7 are the same category
    size_t first = number.find_first_not_of('0');
    return first == std::string::npos ? "0" : number.substr(first);
  }
  static int Column(const std::string& line, size_t byte) { return static_cast<int>(CodePointOffset(line, byte)) + 1; }

  // The runs of non-blanks of `line` from byte `from` on.
  static std::vector<Field> SplitWords(const std::string& line, size_t from) {
    std::vector<Field> out;
    for (size_t i = from; i < line.size();) {
      if (line[i] == ' ' || line[i] == '\t') {
        ++i;
        continue;
      }
      size_t end = std::min(line.find_first_of(" \t", i), line.size());
      out.push_back({line.substr(i, end - i), Column(line, i), i});
      i = end;
    }
    return out;
  }

  Location Where(size_t line, int column) const { return {name_, static_cast<int>(line) + 1, column}; }

  std::filesystem::path file_;
  std::string name_;
  Ids ids_;
  int colour_ = 0;
};

// ---- YAML writer -----------------------------------------------------------------------------------------

void EmitLabel(YAML::Emitter& out, const std::string& nl, const std::string& en) {
  if (nl.empty() && en.empty()) return;
  out << YAML::Key << "label" << YAML::Value;
  if (nl == en) {
    out << nl;
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  if (!nl.empty()) out << YAML::Key << "nl" << YAML::Value << nl;
  if (!en.empty()) out << YAML::Key << "en" << YAML::Value << en;
  out << YAML::EndMap;
}

void EmitText(YAML::Emitter& out, const char* key, const std::string& text) {
  if (!text.empty()) out << YAML::Key << key << YAML::Value << text;
}

void EmitList(YAML::Emitter& out, const char* key, const std::vector<std::string>& list, bool flow) {
  if (list.empty()) return;
  out << YAML::Key << key << YAML::Value;
  if (flow) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const std::string& item : list) out << item;
  out << YAML::EndSeq;
}

void EmitRule(YAML::Emitter& out, const Code& code, const Rule& rule, int index) {
  out << YAML::BeginMap;
  if (rule.id != fmt::format("{}/{}-{}", code.id, ToString(rule.kind), index)) {
    out << YAML::Key << "id" << YAML::Value << rule.id;
  }
  if (rule.kind == RuleKind::kTerms) {
    out << YAML::Key << "terms" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const std::string& term : rule.terms) out << term;
    out << YAML::EndSeq;
  } else {
    out << YAML::Key << ToString(rule.kind) << YAML::Value << rule.pattern;
  }
  if (rule.stem) out << YAML::Key << "stem" << YAML::Value << true;
  if (rule.within_turn) out << YAML::Key << "within" << YAML::Value << "turn";
  if (rule.means == Rule::Means::kAbsence) out << YAML::Key << "means" << YAML::Value << "absence";
  if (rule.means == Rule::Means::kResolved) out << YAML::Key << "means" << YAML::Value << "resolved";
  EmitList(out, "exclude", rule.exclude, true);
  out << YAML::EndMap;
}

void EmitCode(YAML::Emitter& out, const Code& code) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << code.id;
  EmitLabel(out, code.label_nl, code.label_en);
  out << YAML::Key << "valence" << YAML::Value << ToString(code.valence);
  EmitText(out, "colour", code.colour);
  if (code.manual) out << YAML::Key << "manual" << YAML::Value << true;
  EmitText(out, "definition", code.definition);
  EmitText(out, "when_to_use", code.when_to_use);
  EmitText(out, "when_not_to_use", code.when_not_to_use);
  EmitList(out, "examples", code.examples, false);
  EmitList(out, "exclude", code.exclude, true);
  if (!code.rules.empty()) {
    out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
    int index = 1;
    for (const Rule& rule : code.rules) EmitRule(out, code, rule, index++);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string WriteCodebookYaml(const Codebook& book) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << book.id;
  EmitText(out, "title", book.title);
  EmitText(out, "version", book.version);
  out << YAML::Key << "categories" << YAML::Value << YAML::BeginSeq;
  for (const Category& category : book.categories) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << category.id;
    EmitLabel(out, category.label_nl, category.label_en);
    EmitText(out, "description", category.description);
    out << YAML::Key << "codes" << YAML::Value << YAML::BeginSeq;
    for (const Code& code : category.codes) EmitCode(out, code);
    out << YAML::EndSeq;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap;
  if (!out.good()) throw Error({book.file}, "cannot write the codebook as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

Codebook ImportQuantedaDictionary(const std::filesystem::path& file) { return QuantedaReader(file).Read(); }

Codebook ImportLiwcDictionary(const std::filesystem::path& file) { return LiwcReader(file).Read(); }

}  // namespace kansrijk
