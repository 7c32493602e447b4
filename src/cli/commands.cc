#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/csv.h"
#include "export/turns.h"
#include "pipeline/ingest.h"
#include "report/corpus_overview.h"
#include "search/search.h"

namespace kansrijk::cli {

namespace {

std::string DefaultDb() {
  const char* env = std::getenv("KANSRIJK_DB");
  return env && *env ? env : "kansrijk.db";
}

void AddDb(CLI::App* command, std::string& db) {
  db = DefaultDb();
  command->add_option("--db", db, "SQLite database file (default: $KANSRIJK_DB or kansrijk.db)");
}

struct FilterArgs {
  std::vector<int> years;
  std::vector<std::string> types, roles;
  std::string speakers = "all";
};

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

// Writes to `path` through a temporary file and a rename, so a reader never sees half a file; "-" is stdout.
void WriteOutput(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return;
  }
  std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
  std::filesystem::path temporary = target;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << content;
    if (!out) throw Error({path}, "cannot write the file");
  }
  std::filesystem::rename(temporary, target);
}

void PrintDiagnostics(const IngestSummary& summary) {
  for (const std::string& warning : summary.warnings) std::cerr << "warning: " << warning << "\n";
  for (const std::string& file : summary.missing) {
    std::cerr << "warning: " << file << ": stored, but the file is gone (run with --prune to remove it)\n";
  }
  for (const Error& error : summary.errors) std::cerr << "error: " << error.what() << "\n";
}

void DefineIngest(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("ingest", "read the transcripts of a corpus folder into the database");
  struct Args {
    std::string corpus = "corpus", db;
    bool prune = false, quiet = false;
    int threads = 0;
  };
  auto args = std::make_shared<Args>();
  command->add_option("corpus", args->corpus, "corpus folder (default: corpus)");
  AddDb(command, args->db);
  command->add_flag("--prune", args->prune, "remove stored documents whose file is gone");
  command->add_option("--threads", args->threads, "parser threads (default: one per core)");
  command->add_flag("--quiet,-q", args->quiet, "print only warnings and errors");
  command->callback([args, &status] {
    Store store = Store::Open(args->db);
    IngestOptions options{args->corpus, args->prune, args->threads, nullptr};
    bool terminal = isatty(STDERR_FILENO) && !args->quiet;
    if (terminal) {
      options.progress = [](size_t done, size_t total, const std::string& file) {
        std::cerr << fmt::format("\r\033[K[{}/{}] {}", done, total, file) << std::flush;
      };
    }
    IngestSummary summary = Ingest(store, options);
    if (terminal) std::cerr << "\r\033[K";
    if (!args->quiet) {
      std::cout << fmt::format("{}: {} added, {} updated, {} unchanged, {} removed, {} failed; database {}\n\n",
                               args->corpus, summary.added, summary.updated, summary.unchanged,
                               summary.removed.size(), summary.errors.size(), args->db);
      WriteCorpusOverview(store, OverviewFormat::kText, std::cout);
      if (!summary.warnings.empty()) std::cout << fmt::format("\n{} warning(s), see below.\n", summary.warnings.size());
    }
    PrintDiagnostics(summary);
    status = summary.errors.empty() ? 0 : 2;
  });
}

void DefineSearch(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("search", "search the turns (FTS5 syntax: \"phrase\", prefix*, NEAR, AND/OR/NOT)");
  struct Args {
    std::string query, db, format = "text";
    FilterArgs filter;
    int limit = -1, context = 60;
  };
  auto args = std::make_shared<Args>();
  command->add_option("query", args->query, "what to look for, e.g. 'personeelstekort OR \"te weinig mensen\"'")
      ->required();
  AddDb(command, args->db);
  AddFilters(command, args->filter, "all");
  command->add_option("--format", args->format, "text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--limit", args->limit, "at most this many turns");
  command->add_option("--context", args->context, "characters of context on each side")->capture_default_str();
  command->callback([args, &status] {
    Store store = Store::Open(args->db, {.must_exist = true});
    std::vector<KwicLine> lines;
    try {
      lines = Search(store, {args->query, ToFilter(args->filter), args->limit, args->context});
    } catch (const Error& error) {
      std::cerr << "kansrijk: " << error.what() << "\n";
      status = 2;
      return;
    }
    std::ostringstream out;
    if (args->format == "csv") {
      out << CsvRow({"file", "year", "type", "turn", "speaker", "is_interviewer", "left", "match", "right"});
      for (const KwicLine& l : lines) {
        out << CsvRow({l.turn.file, std::to_string(l.turn.year), l.turn.type, std::to_string(l.turn.number),
                       l.turn.speaker, l.turn.is_interviewer ? "1" : "0", l.left, l.text, l.right});
      }
    } else if (args->format == "json") {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const KwicLine& l : lines) {
        rows.push_back({{"file", l.turn.file}, {"year", l.turn.year}, {"type", l.turn.type},
                        {"turn", l.turn.number}, {"speaker", l.turn.speaker},
                        {"is_interviewer", l.turn.is_interviewer}, {"left", l.left}, {"match", l.text},
                        {"right", l.right}});
      }
      out << rows.dump(2) << "\n";
    } else {
      for (const KwicLine& l : lines) {
        std::string who = l.turn.speaker.empty() ? "?" : l.turn.speaker;
        if (l.turn.is_interviewer) who += " (interviewer)";
        out << fmt::format("{} {} {}#{} {}: {}«{}»{}\n", l.turn.year, l.turn.type, l.turn.file, l.turn.number, who,
                           l.left, l.text, l.right);
      }
      std::cerr << fmt::format("{} match(es)\n", lines.size());
    }
    WriteOutput("-", out.str());
  });
}

void DefineStats(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("stats", "documents, turns and words per year and type");
  struct Args {
    std::string db, format = "text", out;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--format", args->format, "text, md, csv or json")
      ->check(CLI::IsMember({"text", "md", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--out", args->out, "write to this file instead of standard output");
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    OverviewFormat format = args->format == "md"    ? OverviewFormat::kMarkdown
                            : args->format == "csv"  ? OverviewFormat::kCsv
                            : args->format == "json" ? OverviewFormat::kJson
                                                     : OverviewFormat::kText;
    std::ostringstream out;
    WriteCorpusOverview(store, format, out);
    WriteOutput(args->out, out.str());
  });
}

void DefineExport(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("export", "export stored data");
  command->require_subcommand(1);
  auto* turns = command->add_subcommand("turns", "every turn: file,year,type,turn,speaker,is_interviewer,start_time,text");
  struct Args {
    std::string db, format = "csv", out;
    FilterArgs filter;
  };
  auto args = std::make_shared<Args>();
  AddDb(turns, args->db);
  AddFilters(turns, args->filter, "all");
  turns->add_option("--format", args->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  turns->add_option("--out", args->out, "write to this file instead of standard output");
  turns->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    std::ostringstream out;
    ExportTurns(store, ToFilter(args->filter), args->format == "json" ? TableFormat::kJson : TableFormat::kCsv, out);
    WriteOutput(args->out, out.str());
  });
}

}  // namespace

void Define(CLI::App& app, int& status) {
  DefineIngest(app, status);
  DefineSearch(app, status);
  DefineStats(app, status);
  DefineExport(app, status);
}

}  // namespace kansrijk::cli
