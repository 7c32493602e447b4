// What every command shares: the database option, the turn filters, and writing output safely.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"

namespace kansrijk::cli {

inline constexpr const char* kDefaultCodebook = "codebook/kansrijke-start.yaml";

// --db, defaulting to $KANSRIJK_DB or kansrijk.db.
void AddDb(CLI::App* command, std::string& db);

struct FilterArgs {
  std::vector<int> years;
  std::vector<std::string> types, roles;
  std::string speakers = "all";
};
// --year, --type, --role, --speakers.
void AddFilters(CLI::App* command, FilterArgs& args, const std::string& default_speakers);
TurnFilter ToFilter(const FilterArgs& args);

// --no-pseudonymise and --pseudonyms FILE, for commands whose output may leave the team (export/pseudonyms.h).
struct PseudonymArgs {
  bool keep_names = false;
  std::string names_csv;  // empty: pseudonyms.csv in the corpus folder the database was filled from, if it is there
};
void AddPseudonyms(CLI::App* command, PseudonymArgs& args);
std::filesystem::path PseudonymsFile(const Store& store, const PseudonymArgs& args);

// A document as the user names it: its file (relative to the corpus), or its key in pseudonymised output
// (INT-2021-02, as quotes cite it and exports list it). Anything else is returned as given, for the command's
// own "no such document" error.
std::string DocumentFile(const Store& store, const std::string& name);

// Writes to `path` through a temporary file and a rename, so a reader never sees half a file; "-" is stdout.
void WriteOutput(const std::string& path, const std::string& content);

// The researcher's commands (cli/researcher.cc): coding, review, memo, import, agree, suggest.
void DefineResearcherCommands(CLI::App& app, int& status);

}  // namespace kansrijk::cli
