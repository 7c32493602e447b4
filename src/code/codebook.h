// The codebook: categories of codes, each with its definition and matching rules (docs/codebook.md).
//
//   Codebook book = LoadCodebook("codebook/kansrijke-start.yaml");   // throws Error file:line:column
//   for (const Code* code : book.Codes()) ...
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace kansrijk {

enum class Valence { kFacilitator, kBarrier, kNeutral };
const char* ToString(Valence valence);  // facilitator, barrier, neutral
std::optional<Valence> ParseValence(std::string_view text);  // the inverse of ToString; "" is neutral
// The valence of a coding when nothing in the text says otherwise: '-' for a barrier code (its mention is the
// problem), '+' for the others. The Coder's default, and that of manual and imported codings.
char DefaultSign(Valence valence);

// Ids of codebooks, categories and codes: lower-case letters, digits and -, not starting with -.
bool IsValidId(std::string_view id);
// Colours are #RRGGBB; a code without one gets kDefaultColour.
bool IsColour(std::string_view colour);
inline constexpr const char* kDefaultColour = "#888888";
// The provenance hash of a codebook file's bytes (128-bit xxh3, hex), stored with every coding.
std::string ContentHash(std::string_view bytes);

enum class RuleKind { kTerms, kPhrase, kNear, kRegex };
const char* ToString(RuleKind kind);  // terms, phrase, near, regex

struct Rule {
  std::string id;                  // from the file, or <code>/<kind>-<n>
  RuleKind kind = RuleKind::kTerms;
  std::vector<std::string> terms;  // kTerms: each a word, glob or several words
  std::string pattern;             // kPhrase, kNear, kRegex: as written
  bool stem = false;               // compare plain words by their Snowball stem
  bool within_turn = false;        // kNear: both groups in one turn rather than one sentence
  // What the matched words say by themselves: presence (the thing is there: decided by the clause, else the
  // code's default), absence (it is lacking: -), resolved (the problem is solved: +).
  enum class Means { kPresence, kAbsence, kResolved } means = Means::kPresence;
  std::vector<std::string> exclude;
  Location defined_at;
};

struct Code {
  std::string id;
  std::string category;  // the category's id
  std::string label_nl, label_en;
  Valence valence = Valence::kNeutral;
  std::string colour;    // #RRGGBB
  std::string definition, when_to_use, when_not_to_use;
  std::vector<std::string> examples;
  std::vector<std::string> exclude;  // vetoes for every rule of the code
  bool manual = false;               // applied by researchers only: no rules, never coded by the Coder
  std::vector<Rule> rules;           // empty exactly when manual
  Location defined_at;
};

struct Category {
  std::string id, label_nl, label_en, description;
  std::vector<Code> codes;
};

struct Codebook {
  std::string id, title, version;
  std::string file;          // as given to LoadCodebook
  std::string content_hash;  // XXH3-128 of the file's bytes: provenance of every coding
  std::string yaml;          // the file's bytes, stored with the codings so `explain` and `serve` work anywhere
  std::vector<Category> categories;

  std::vector<const Code*> Codes() const;  // in file order
  const Code* Find(const std::string& code_id) const;
};

// The codebook as an indented tree: categories with their codes, labels, valence, rule count, colour and
// definition (`kansrijk codebook show`).
void WriteCodebookTree(const Codebook& codebook, std::ostream& out);

// Reads and checks the structure of a codebook: unknown keys, missing or duplicate ids, a code without
// rules (unless it is `manual: true`), a manual code with rules, a rule with none or two of terms/phrase/near/regex, bad colours and valences. Every problem is an
// Error at file:line:column; with `problems` given they are all collected there (and a partial codebook
// returned), otherwise the first is thrown. Rule patterns are checked when a Coder compiles them.
Codebook LoadCodebook(const std::filesystem::path& file, std::vector<Error>* problems = nullptr);
// The same for a codebook's text; `name` is the file it came from, for errors and provenance.
Codebook ParseCodebook(const std::string& yaml, const std::string& name, std::vector<Error>* problems = nullptr);

}  // namespace kansrijk
