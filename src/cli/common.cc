#include "cli/common.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/error.h"
#include "base/file.h"
#include "export/pseudonyms.h"

namespace kansrijk::cli {

namespace {

std::string DefaultDb() {
  const char* env = std::getenv("KANSRIJK_DB");
  return env && *env ? env : "kansrijk.db";
}

}  // namespace

void AddDb(CLI::App* command, std::string& db) {
  db = DefaultDb();
  command->add_option("--db", db, "SQLite database file (default: $KANSRIJK_DB or kansrijk.db)");
}

void AddFilters(CLI::App* command, FilterArgs& args, const std::string& default_speakers) {
  args.speakers = default_speakers;
  command->add_option("--year", args.years, "only these years (repeat or comma-separate)")->delimiter(',');
  command->add_option("--type", args.types, "only interview or focusgroep")
      ->delimiter(',')
      ->check(CLI::IsMember({"interview", "focusgroep"}));
  command->add_option("--role", args.roles, "only documents with this role (manifest column role)")->delimiter(',');
  command->add_option("--speakers", args.speakers, "respondent, interviewer or all turns")
      ->check(CLI::IsMember({"respondent", "interviewer", "all"}))
      ->capture_default_str();
}

TurnFilter ToFilter(const FilterArgs& args) {
  TurnFilter filter{args.years, args.types, args.roles, TurnFilter::Speakers::kAll};
  if (args.speakers == "respondent") filter.speakers = TurnFilter::Speakers::kRespondent;
  if (args.speakers == "interviewer") filter.speakers = TurnFilter::Speakers::kInterviewer;
  return filter;
}

void AddPseudonyms(CLI::App* command, PseudonymArgs& args) {
  command->add_flag("--no-pseudonymise", args.keep_names, "keep real names, files and speakers (for work within the team)");
  command->add_option("--pseudonyms", args.names_csv,
                      "CSV original,replacement of names to hide besides speakers and municipalities "
                      "(default: pseudonyms.csv in the corpus folder)");
}

std::filesystem::path PseudonymsFile(const Store& store, const PseudonymArgs& args) {
  if (!args.names_csv.empty()) return args.names_csv;
  std::optional<std::string> root = store.CorpusRoot();
  if (!root) return {};
  std::filesystem::path beside = std::filesystem::path(*root) / "pseudonyms.csv";
  return std::filesystem::exists(beside) ? beside : std::filesystem::path();
}

std::string DocumentFile(const Store& store, const std::string& name) {
  std::vector<StoredDocument> documents = store.Documents();
  if (name.empty() || std::any_of(documents.begin(), documents.end(), [&](const auto& d) { return d.file == name; })) {
    return name;
  }
  return Pseudonyms::Load(store, {}).File(name).value_or(name);
}

void WriteOutput(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return;
  }
  WriteFileAtomically(path, content);
}

}  // namespace kansrijk::cli
