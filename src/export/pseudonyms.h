// Pseudonyms for what leaves the research team: quotes, `export turns` and `export codings`.
//
//   Pseudonyms hide = Pseudonyms::Load(store, "corpus/pseudonyms.csv");
//   hide.Text("Petra vond Emmen te klein.")           // "[naam] vond [gemeente] te klein."
//   hide.Document("2021/interview-emmen-wijkteam.md")  // "INT-2021-01"
//   hide.Speaker(turn)                                 // "R1"
//
// Text: every speaker name of the corpus, every name in pseudonyms.csv and every municipality of the manifest is
// replaced, as a whole word in any case, with or without diacritics and with a possessive or genitive ending
// (Petra's, Jansens). List in pseudonyms.csv every name that occurs only inside what people say (a colleague, a
// district): speaker names and municipalities are known already. Matching ignores case, so a name that is also a
// word ("Ben", "Roos") replaces that word too.
// Documents: a key per document, INT-2021-01, FG-2021-01, ..., numbered in file order within type and year (file
// names often hold the municipality). Keys are renumbered when documents are added or removed.
// Speakers: I1, I2, ... for interviewers and R1, R2, ... for respondents, numbered per document in the order
// they first speak, so a focus group's speakers stay apart.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "store/store.h"

namespace kansrijk {

class Pseudonyms {
 public:
  // `names_csv` (original,replacement; an empty replacement means [naam]) may be empty: no extra names. A
  // file that is given but cannot be read is an Error.
  static Pseudonyms Load(const Store& store, const std::filesystem::path& names_csv);

  // `text` with the names replaced. `where` (a document key and turn) is where the text is from: a word that
  // still looks like a name there (capitalised, after mevrouw, meneer, collega, ...) is remembered for
  // UnlistedNames.
  std::string Text(const std::string& text, const std::string& where = "") const;
  // The words Text() left that look like names, each with where it stayed, as warnings that say what to do.
  std::vector<Diagnostic> UnlistedNames() const;
  std::string Document(const std::string& file) const;  // the file itself if it is not stored
  std::optional<std::string> File(const std::string& key) const;  // the file a key stands for
  std::string Speaker(const TurnRow& turn) const;       // "" for a turn without a speaker

 private:
  std::vector<std::pair<std::string, std::string>> forms_;  // normalised name → replacement, longest first
  std::map<std::string, std::string> documents_;
  std::map<std::pair<std::string, std::string>, std::string> speakers_;  // (file, speaker) → I1, R1, ...
  std::filesystem::path names_csv_;
  mutable std::map<std::string, std::vector<std::string>> unlisted_;  // "mevrouw Bakker" → where it stayed
};

// Replaces the names in `text`; `names` maps a name to its replacement. Pseudonyms::Text, exposed for tests.
std::string Pseudonymise(const std::string& text, const std::map<std::string, std::string>& names);

}  // namespace kansrijk
