// The CLI's commands: CLI11 options in, library calls out. Nothing here decides anything the library could; a
// command parses flags, opens the store, calls one function and prints. This header holds what they share.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "store/store.h"

namespace kansrijk::cli {

inline constexpr const char* kDefaultCodebook = "codebook/kansrijke-start.yaml";
inline constexpr const char* kCoderView =
    "whose view: a researcher's (rules minus their rejections, plus their codings), auto (rules only), auto+model "
    "(rules and the model's suggestions); default every coder's";

// --db, defaulting to $KANSRIJK_DB or kansrijk.db.
void AddDb(CLI::App* command, std::string& db);
// --coder, defaulting to $KANSRIJK_CODER, then the login name (work/work.h DefaultCoder).
void AddCoder(CLI::App* command, std::string& coder);
// The database a command reads or adds to: it must exist.
Store OpenExisting(const std::string& db);
// For a command that is done: closes the database (checkpointing its log) and leaves the store's memory (its tables
// of words, hunspell's dictionaries) to the process's exit, as clang's -disable-free does. Freeing them one by one
// took 0.3 s at the end of a 20 MB ingest (docs/performance.md). Once per process: the command's last step.
void CloseForExit(Store&& store);

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
  std::string names_csv;  // empty: pseudonyms.csv in the corpus folder (work/work.h PseudonymsFile)
};
void AddPseudonyms(CLI::App* command, PseudonymArgs& args);

// A progress line on standard error for a long run, "[done/total] what", when standard error is a terminal
// and the command is not --quiet; nothing on a pipe. The line is cleared when the Progress goes.
class Progress {
 public:
  explicit Progress(bool quiet);
  ~Progress();
  // The callback to hand the library, or an empty one when nothing is shown.
  std::function<void(size_t, size_t, const std::string&)> Callback() const;

 private:
  bool shown_;
};

// Writes to `path` atomically (base/file.h); "-" or empty is standard output.
void WriteOutput(const std::string& path, const std::string& content);

// Adds every subcommand to `app`; each sets its callback, which stores its exit status in `status`.
void Define(CLI::App& app, int& status);
// The researcher's commands (cli/researcher.cc): coding, review, memo, import, agree, suggest, serve.
void DefineResearcherCommands(CLI::App& app, int& status);

}  // namespace kansrijk::cli
