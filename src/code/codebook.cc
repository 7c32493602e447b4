#include "code/codebook.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <xxhash.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

#include "base/file.h"
#include "base/utf8.h"
#include "code/yaml_load.h"

namespace kansrijk {

const char* ToString(Valence valence) {
  switch (valence) {
    case Valence::kFacilitator: return "facilitator";
    case Valence::kBarrier: return "barrier";
    case Valence::kNeutral: return "neutral";
  }
  return "neutral";
}

std::optional<Valence> ParseValence(std::string_view text) {
  for (Valence v : {Valence::kFacilitator, Valence::kBarrier, Valence::kNeutral}) {
    if (text == ToString(v)) return v;
  }
  return text.empty() ? std::optional<Valence>(Valence::kNeutral) : std::nullopt;
}

char DefaultSign(Valence valence) { return valence == Valence::kBarrier ? '-' : '+'; }

const char* ToString(RuleKind kind) {
  switch (kind) {
    case RuleKind::kTerms: return "terms";
    case RuleKind::kPhrase: return "phrase";
    case RuleKind::kNear: return "near";
    case RuleKind::kRegex: return "regex";
  }
  return "terms";
}

std::vector<const Code*> Codebook::Codes() const {
  std::vector<const Code*> out;
  for (const Category& category : categories) {
    for (const Code& code : category.codes) out.push_back(&code);
  }
  return out;
}

const Code* Codebook::Find(const std::string& code_id) const {
  for (const Code* code : Codes()) {
    if (code->id == code_id) return code;
  }
  return nullptr;
}

namespace {

// Collects problems, or throws the first when the caller wants no list.
class Problems {
 public:
  Problems(std::string file, std::vector<Error>* list) : file_(std::move(file)), list_(list) {}
  Location At(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    return {file_, mark.line + 1, mark.column + 1};
  }
  void Add(const YAML::Node& node, const std::string& message, const std::string& hint = "") {
    Error error(At(node), message, hint);
    if (!list_) throw error;
    list_->push_back(error);
  }

 private:
  std::string file_;
  std::vector<Error>* list_;
};

// Reports keys of `map` that are not in `allowed`.
void CheckKeys(const YAML::Node& map, std::initializer_list<const char*> allowed, const char* what, Problems& problems) {
  if (!map.IsMap()) return;
  for (const auto& entry : map) {
    std::string key = entry.first.Scalar();  // "" for a key that is itself a list or mapping: unknown
    bool known = false;
    for (const char* a : allowed) known |= key == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += list.empty() ? a : std::string(", ") + a;
      problems.Add(entry.first, fmt::format("unknown key '{}' in {}", key, what), "allowed keys: " + list);
    }
  }
}

// The text of a scalar; "" for a list, a mapping or nothing (callers report what they miss).
std::string Scalar(const YAML::Node& node) { return node && node.IsScalar() ? node.as<std::string>() : ""; }

std::string Text(const YAML::Node& map, const char* key) { return map.IsMap() ? Scalar(map[key]) : ""; }

std::vector<std::string> List(const YAML::Node& node, const char* what, Problems& problems) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) return {node.as<std::string>()};
  if (!node.IsSequence()) {
    problems.Add(node, std::string(what) + " must be a list", "write it as [a, b] or as lines starting with '- '");
    return out;
  }
  for (const YAML::Node& item : node) {
    if (item.IsScalar()) {
      out.push_back(item.as<std::string>());
    } else {
      problems.Add(item, std::string("every item of ") + what + " must be text");
    }
  }
  return out;
}

void ReadLabel(const YAML::Node& node, std::string& nl, std::string& en, Problems& problems) {
  if (!node) return;
  if (node.IsScalar()) {
    nl = en = node.as<std::string>();
    return;
  }
  if (!node.IsMap()) {
    problems.Add(node, "label must be text or {nl: ..., en: ...}");
    return;
  }
  CheckKeys(node, {"nl", "en"}, "label", problems);
  nl = Text(node, "nl");
  en = Text(node, "en");
  if (en.empty()) en = nl;
  if (nl.empty()) nl = en;
}


Rule ReadRule(const YAML::Node& node, const Code& code, int index, Problems& problems) {
  Rule rule;
  rule.defined_at = problems.At(node);
  if (!node.IsMap()) {
    problems.Add(node, "a rule must be a mapping such as {terms: [a, b]}");
    return rule;
  }
  CheckKeys(node, {"id", "terms", "phrase", "near", "regex", "stem", "within", "means", "exclude"}, "rule", problems);
  int kinds = 0;
  if (node["terms"]) {
    ++kinds;
    rule.kind = RuleKind::kTerms;
    rule.terms = List(node["terms"], "terms", problems);
    if (rule.terms.empty()) problems.Add(node["terms"], "terms is empty", "list at least one word");
  }
  for (auto [key, kind] : {std::pair{"phrase", RuleKind::kPhrase}, {"near", RuleKind::kNear}, {"regex", RuleKind::kRegex}}) {
    if (!node[key]) continue;
    ++kinds;
    rule.kind = kind;
    rule.pattern = Text(node, key);
    if (rule.pattern.empty()) problems.Add(node[key], fmt::format("{} is empty", key));
  }
  if (kinds != 1) {
    problems.Add(node, kinds == 0 ? "rule has no terms, phrase, near or regex" : "rule has more than one of terms, phrase, near, regex",
                 "give each rule exactly one of them");
  }
  rule.id = Text(node, "id");
  if (rule.id.empty()) rule.id = fmt::format("{}/{}-{}", code.id, ToString(rule.kind), index);
  if (const YAML::Node stem = node["stem"]) {
    std::string value = Scalar(stem);
    if (value != "true" && value != "false") problems.Add(stem, "stem must be true or false");
    rule.stem = value == "true";
  }
  if (const YAML::Node within = node["within"]) {
    std::string value = Scalar(within);
    if (value != "sentence" && value != "turn") problems.Add(within, "within must be sentence or turn");
    rule.within_turn = value == "turn";
  }
  if (const YAML::Node means = node["means"]) {
    std::string value = Scalar(means);
    if (value == "absence") rule.means = Rule::Means::kAbsence;
    else if (value == "resolved") rule.means = Rule::Means::kResolved;
    else if (value != "presence") problems.Add(means, "means must be presence, absence or resolved");
  }
  rule.exclude = List(node["exclude"], "exclude", problems);
  return rule;
}

Code ReadCode(const YAML::Node& node, const std::string& category, Problems& problems) {
  Code code;
  code.category = category;
  code.defined_at = problems.At(node);
  if (!node.IsMap()) {
    problems.Add(node, "a code must be a mapping such as {id: ..., label: ..., rules: [...]}");
    return code;
  }
  CheckKeys(node,
            {"id", "label", "valence", "colour", "color", "definition", "when_to_use", "when_not_to_use", "examples",
             "exclude", "manual", "rules"},
            "code", problems);
  code.id = Text(node, "id");
  if (!IsValidId(code.id)) {
    problems.Add(node, fmt::format("code id '{}' is missing or not of lower-case letters, digits and -", code.id));
  }
  ReadLabel(node["label"], code.label_nl, code.label_en, problems);
  if (code.label_nl.empty()) code.label_nl = code.label_en = code.id;
  std::string valence = Text(node, "valence");
  if (std::optional<Valence> v = ParseValence(valence)) code.valence = *v;
  else problems.Add(node["valence"], fmt::format("valence '{}' is not facilitator, barrier or neutral", valence));
  code.colour = Text(node, node["colour"] ? "colour" : "color");
  if (code.colour.empty()) {
    code.colour = kDefaultColour;
  } else if (!IsColour(code.colour)) {
    problems.Add(node["colour"] ? node["colour"] : node["color"], fmt::format("colour '{}' is not #RRGGBB", code.colour));
  }
  code.definition = Text(node, "definition");
  code.when_to_use = Text(node, "when_to_use");
  code.when_not_to_use = Text(node, "when_not_to_use");
  code.examples = List(node["examples"], "examples", problems);
  code.exclude = List(node["exclude"], "exclude", problems);
  if (const YAML::Node manual = node["manual"]) {
    std::string value = manual.IsScalar() ? manual.as<std::string>() : "";
    if (value != "true" && value != "false") problems.Add(manual, "manual must be true or false");
    code.manual = value == "true";
  }
  const YAML::Node rules = node["rules"];
  if (code.manual) {
    if (rules && !(rules.IsSequence() && rules.size() == 0) && !rules.IsNull()) {
      problems.Add(rules, fmt::format("code '{}' is manual: true but has rules", code.id),
                   "a manual code is applied by researchers only: remove manual: true, or the rules");
    }
  } else if (!rules || !rules.IsSequence() || rules.size() == 0) {
    problems.Add(rules ? rules : node, fmt::format("code '{}' has no rules", code.id),
                 "add at least one rule under rules:, or mark it manual: true if only researchers apply it");
  } else {
    int index = 1;
    for (const YAML::Node& rule : rules) code.rules.push_back(ReadRule(rule, code, index++, problems));
  }
  return code;
}

}  // namespace

bool IsValidId(std::string_view id) {
  static const RE2 re("[a-z0-9][a-z0-9-]*");
  return RE2::FullMatch(re2::StringPiece(id.data(), id.size()), re);
}

bool IsColour(std::string_view colour) {
  static const RE2 re("#[0-9A-Fa-f]{6}");
  return RE2::FullMatch(re2::StringPiece(colour.data(), colour.size()), re);
}

std::string ContentHash(std::string_view bytes) {
  XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

Codebook LoadCodebook(const std::filesystem::path& file, std::vector<Error>* problem_list) {
  const std::string name = file.string();
  std::string bytes = ReadFile(file, {.name = name, .hint = "give the path of a .yaml codebook", .what = "codebook"});
  return ParseCodebook(bytes, name, problem_list);
}

Codebook ParseCodebook(const std::string& bytes, const std::string& name, std::vector<Error>* problem_list) {
  Problems problems(name, problem_list);
  Codebook book;
  book.file = name;
  book.yaml = bytes;
  book.content_hash = ContentHash(bytes);
  YAML::Node root =
      LoadYaml(bytes, name, "check the indentation, and quote text that starts with [ { * or contains ': '");
  if (!root.IsMap()) throw Error({name, 1}, "a codebook must be a mapping with id, title and categories");
  CheckKeys(root, {"id", "title", "version", "categories"}, "the codebook", problems);
  book.id = Text(root, "id");
  if (!IsValidId(book.id)) problems.Add(root, "the codebook needs an id of lower-case letters, digits and -");
  book.title = Text(root, "title");
  book.version = Text(root, "version");
  const YAML::Node categories = root["categories"];
  if (!categories || !categories.IsSequence()) {
    problems.Add(root, "the codebook has no list of categories");
    return book;
  }
  std::set<std::string> ids;
  for (const YAML::Node& node : categories) {
    if (!node.IsMap()) {
      problems.Add(node, "a category must be a mapping such as {id: ..., label: ..., codes: [...]}");
      continue;
    }
    Category category;
    CheckKeys(node, {"id", "label", "description", "codes"}, "category", problems);
    category.id = Text(node, "id");
    if (!IsValidId(category.id)) problems.Add(node, "category id is missing or not of lower-case letters, digits and -");
    ReadLabel(node["label"], category.label_nl, category.label_en, problems);
    category.description = Text(node, "description");
    if (!ids.insert(category.id).second) problems.Add(node, fmt::format("duplicate id '{}'", category.id));
    const YAML::Node codes = node["codes"];
    if (codes && !codes.IsSequence() && !codes.IsNull()) {
      problems.Add(codes, "codes must be a list", "write each code as a line starting with '- id: ...'");
      continue;
    }
    for (const YAML::Node& code_node : codes) {
      Code code = ReadCode(code_node, category.id, problems);
      if (!code_node.IsMap()) continue;  // reported by ReadCode
      if (!ids.insert(code.id).second) {
        problems.Add(code_node["id"] ? code_node["id"] : code_node, fmt::format("duplicate id '{}'", code.id),
                     "every category and code needs its own id");
      }
      std::set<std::string> rule_ids;
      for (const Rule& rule : code.rules) {
        if (!rule_ids.insert(rule.id).second) {
          Error error(rule.defined_at, fmt::format("duplicate rule id '{}'", rule.id));
          if (!problem_list) throw error;
          problem_list->push_back(error);
        }
      }
      category.codes.push_back(std::move(code));
    }
    book.categories.push_back(std::move(category));
  }
  return book;
}

void WriteCodebookTree(const Codebook& book, std::ostream& out) {
  out << fmt::format("{} ({}{})\n", book.title.empty() ? book.id : book.title, book.id,
                     book.version.empty() ? "" : ", version " + book.version);
  for (const Category& category : book.categories) {
    out << fmt::format("\n{} / {}  [{}]\n", category.label_nl, category.label_en, category.id);
    for (const Code& code : category.codes) {
      out << fmt::format("  {:<22} {} / {} ({}, {} rules, {})\n", code.id, code.label_nl, code.label_en,
                         ToString(code.valence), code.rules.size(), code.colour);
      if (!code.definition.empty()) out << "      " << CollapseWhitespace(code.definition) << "\n";
    }
  }
}

}  // namespace kansrijk
