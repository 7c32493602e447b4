#include "cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "base/file.h"
#include "work/work.h"

namespace kansrijk::cli {

void AddDb(CLI::App* command, std::string& db) {
  const char* env = std::getenv("KANSRIJK_DB");
  db = env && *env ? env : "kansrijk.db";
  command->add_option("--db", db, "SQLite database file (default: $KANSRIJK_DB or kansrijk.db)");
}

void AddCoder(CLI::App* command, std::string& coder) {
  coder = DefaultCoder();
  command->add_option("--coder", coder, "your name as coder (default: $KANSRIJK_CODER, else your login name)");
}

Store OpenExisting(const std::string& db) { return Store::Open(db, {.must_exist = true}); }

void CloseForExit(Store&& store) {
  store.Close();
#if defined(__SANITIZE_ADDRESS__)
  // Freed under ASan: oneTBB's tables of words hold their buckets through offset pointers, which LeakSanitizer
  // cannot follow, so it would report the buckets of tables kept to the exit as leaks.
  Store freed = std::move(store);
#else
  static auto* kept = new std::vector<Store>();  // reachable until the exit: not a leak to the sanitizers
  kept->push_back(std::move(store));
#endif
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
  TurnFilter filter{.years = args.years, .types = args.types, .roles = args.roles};
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

Progress::Progress(bool quiet) : shown_(!quiet && isatty(STDERR_FILENO)) {}
Progress::~Progress() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
}
std::function<void(size_t, size_t, const std::string&)> Progress::Callback() const {
  if (!shown_) return nullptr;
  return [](size_t done, size_t total, const std::string& what) {
    std::cerr << fmt::format("\r\033[K[{}/{}] {}", done, total, what) << std::flush;
  };
}

void WriteOutput(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return;
  }
  WriteFileAtomically(path, content);
}

}  // namespace kansrijk::cli
