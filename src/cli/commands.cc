#include <fmt/format.h>

#include <functional>
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "code/codebook_formats.h"
#include "code/coder.h"
#include "exchange/qdc.h"
#include "exchange/qdpx.h"
#include "export/codings.h"
#include "export/quotes.h"
#include "export/turns.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "report/corpus_overview.h"
#include "report/write.h"
#include "search/search.h"
#include "store/check.h"
#include "work/work.h"

namespace kansrijk::cli {

namespace {

void DefineIngest(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("ingest", "read the transcripts of a corpus folder into the database");
  struct Args {
    std::string corpus = "corpus", db, codebook;
    bool prune = false, quiet = false;
    int threads = 0;
  };
  auto args = std::make_shared<Args>();
  command->add_option("corpus", args->corpus, "corpus folder (default: corpus)");
  AddDb(command, args->db);
  command->add_option("--codebook", args->codebook,
                      "also code the respondent turns with this codebook YAML, as `code` would (then `code` has "
                      "nothing left to do but the models' suggestions)");
  command->add_flag("--prune", args->prune, "remove stored documents whose file is gone");
  command->add_option("--threads", args->threads, "parser threads (default: one per core)");
  command->add_flag("--quiet,-q", args->quiet, "print only warnings and errors");
  command->callback([args, &status] {
    std::optional<Codebook> book;  // read first: a bad one stops the command before it creates a database
    if (!args->codebook.empty()) book.emplace(LoadCodebook(args->codebook));
    Store store = Store::Open(args->db);
    std::optional<Progress> progress(std::in_place, args->quiet);  // cleared before the summary
    IngestSummary summary = Ingest(store, {args->corpus, args->prune, args->threads, progress->Callback(),
                                           book ? &*book : nullptr});
    progress.reset();
    WriteIngestSummary(summary, store, args->corpus, args->db, args->quiet, std::cout, std::cerr);
    status = summary.errors.empty() ? 0 : 2;
    CloseForExit(std::move(store));
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
    Store store = OpenExisting(args->db);
    std::vector<KwicLine> lines = Search(store, {args->query, ToFilter(args->filter), args->limit, args->context});
    if (args->format != "text") {
      return WriteTable(KwicTable(lines), args->format == "csv" ? TableFormat::kCsv : TableFormat::kJson, std::cout);
    }
    for (const KwicLine& line : lines) std::cout << KwicText(line) << "\n";
    std::cerr << fmt::format("{} match(es)\n", lines.size());
  });
}

void DefineStats(CLI::App& app) {
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
    std::ostringstream out;
    WriteCorpusOverview(OpenExisting(args->db), ParseOverviewFormat(args->format), out);
    WriteOutput(args->out, out.str());
  });
}

void DefineCodebook(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("codebook", "check, show, import (quanteda, LIWC, .qdc) or export (.qdc) a codebook");
  command->require_subcommand(1);
  auto file = std::make_shared<std::string>(kDefaultCodebook);
  const char* about = "codebook YAML (default: codebook/kansrijke-start.yaml)";
  auto* check = command->add_subcommand("check", "validate a codebook and run its example quotes through its rules");
  check->add_option("file", *file, about);
  check->callback([file, &status] {
    if (!CheckCodebookFile(*file, std::cout, std::cerr)) status = 2;
  });
  struct Transfer {
    std::string in, out, format;
  };
  auto transfer = std::make_shared<Transfer>();
  auto* import = command->add_subcommand(
      "import", "turn a quanteda YAML dictionary, a LIWC .dic or a REFI-QDA .qdc into a kansrijk codebook YAML");
  import->add_option("file", transfer->in, "the dictionary or codebook")->required()->check(CLI::ExistingFile);
  import->add_option("--format", transfer->format, "quanteda, liwc or qdc (default: by the file's extension)")
      ->check(CLI::IsMember({"quanteda", "liwc", "qdc"}));
  import->add_option("--out", transfer->out, "the codebook YAML to write (default: standard output)");
  import->callback([transfer] {
    Codebook book = ImportCodebook(transfer->in, transfer->format);
    WriteOutput(transfer->out, WriteCodebookYaml(book));
    if (!transfer->out.empty()) {
      std::cerr << fmt::format("wrote {} ({} codes); add an example quote to each code, then `kansrijk codebook check {}`\n",
                               transfer->out, book.Codes().size(), transfer->out);
    }
  });
  auto* export_ = command->add_subcommand("export", "write the codebook as REFI-QDA .qdc (for NVivo, ATLAS.ti, MAXQDA, ...)");
  export_->add_option("file", *file, about);
  export_->add_option("--out", transfer->out, "the .qdc file to write (default: standard output)");
  export_->callback([file, transfer] { WriteOutput(transfer->out, ExportQdc(LoadCodebook(*file))); });
  auto* show = command->add_subcommand("show", "print the codebook as a tree");
  show->add_option("file", *file, about);
  show->callback([file] { WriteCodebookTree(LoadCodebook(*file), std::cout); });
}

void DefineCode(CLI::App& app) {
  auto* command = app.add_subcommand(
      "code", "code the respondent turns with the codebook's rules (the documents not yet coded with it; --all: all)");
  struct Args {
    std::string db, codebook = kDefaultCodebook;
    bool include_interviewer = false, all = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--codebook", args->codebook, "codebook YAML")->capture_default_str();
  command->add_flag("--include-interviewer", args->include_interviewer, "also code interviewer and moderator turns");
  command->add_flag("--all", args->all, "also code the documents already coded with this codebook by this kansrijk");
  command->add_flag("--quiet,-q", args->quiet, "print nothing on success");
  command->callback([args] {
    Store store = OpenExisting(args->db);
    Codebook book = LoadCodebook(args->codebook);
    Morphology morphology = Morphology::Load();
    std::optional<Progress> progress(std::in_place, args->quiet);
    CodeSummary summary = CodeCorpus(store, book, Coder(book, morphology),
                                     {.include_interviewer = args->include_interviewer,
                                      .all = args->all,
                                      .progress = progress->Callback(),
                                      .suggest_with = &morphology,
                                      .starting_model = StartingModelOf(args->codebook)});
    progress.reset();
    if (!args->quiet) WriteCodeSummary(summary, book, std::cout);
  });
}

void DefineQuotes(CLI::App& app) {
  auto* command = app.add_subcommand("quotes", "quotes per code and year, cut to sentences, attributed and pseudonymised");
  struct Args {
    std::string db, format = "md", out, valence;
    QuoteOptions options;
    PseudonymArgs pseudonyms;
    bool verbatim = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--code", args->options.codes, "only these codes")->delimiter(',');
  command->add_option("--year", args->options.years, "only these years")->delimiter(',');
  command->add_option("--role", args->options.roles, "only documents with this role")->delimiter(',');
  command->add_option("--per-code", args->options.per_code, "quotes per code and year")->capture_default_str();
  command->add_option("--max-chars", args->options.max_chars, "longest quote before it is cut")->capture_default_str();
  command->add_option("--format", args->format, "md, csv, html or docx")
      ->check(CLI::IsMember({"md", "csv", "html", "docx"}))
      ->capture_default_str();
  command->add_option("--out", args->out, "output file (required for docx)");
  auto* verbatim = command->add_flag("--verbatim", args->verbatim, "the transcript text exactly (default)");
  command->add_flag("--clean", args->options.clean, "leave out eh, ehm, repeated words and [lacht]")->excludes(verbatim);
  command->add_option("--valence", args->valence, "only codings of this valence")->check(CLI::IsMember({"+", "-"}));
  command->add_option("--seed", args->options.seed, "draw another deterministic set");
  command->add_option("--coder", args->options.coder, kCoderView);
  AddPseudonyms(command, args->pseudonyms);
  command->callback([args] {
    Store store = OpenExisting(args->db);
    QuoteOptions options = args->options;
    options.pseudonymise = !args->pseudonyms.keep_names;
    options.pseudonyms = PseudonymsFile(store, args->pseudonyms.names_csv);
    if (!args->valence.empty()) options.valence = args->valence[0];
    std::optional<Progress> progress(std::in_place, false);
    options.progress = progress->Callback();
    QuoteSet quotes = SelectQuotes(store, options);
    for (const Diagnostic& warning : quotes.warnings) std::cerr << "warning: " << warning.ToString() << "\n";
    progress.reset();
    if (args->format != "docx") return WriteOutput(args->out, RenderQuotes(quotes, args->format));
    if (args->out.empty()) throw Error({}, "--format docx needs --out FILE.docx");
    WriteQuotesDocx(quotes, args->out);
  });
}

void DefineReport(CLI::App& app) {
  auto* command = app.add_subcommand("report", "theme frequencies per year, year comparisons, co-occurrence");
  struct Args {
    std::string db, lang = "nl", coder;
    std::vector<std::string> by = {"year"};
    ReportFiles files;
    bool include_interviewer = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--by", args->by, "group by year and/or manifest columns (type, role, municipality, ...)")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--format", args->files.formats, "md, csv, html, xlsx, transcripts")
      ->delimiter(',')
      ->check(CLI::IsMember(kReportFormats))
      ->capture_default_str();
  command->add_option("--out", args->files.folder, "folder for the reports")->capture_default_str();
  command->add_option("--lang", args->lang, "nl or en")->check(CLI::IsMember({"nl", "en"}))->capture_default_str();
  command->add_flag("--include-interviewer", args->include_interviewer, "count interviewer turns too");
  command->add_flag("--bom", args->files.bom, "start frequencies.csv with a UTF-8 BOM (for Excel)");
  command->add_option("--coder", args->coder, kCoderView);
  command->add_flag("--quiet,-q", args->quiet, "print nothing on success");
  command->callback([args] {
    Store store = OpenExisting(args->db);
    YearReport report = BuildYearReport(store, {args->by, args->include_interviewer, args->lang, args->coder});
    std::optional<Progress> progress(std::in_place, args->quiet);
    ReportFiles files = args->files;
    files.progress = progress->Callback();
    std::vector<std::string> written = WriteReports(store, report, files);
    progress.reset();
    for (const std::string& w : report.warnings) std::cerr << "warning: " << w << "\n";
    if (!args->quiet) {
      std::cout << fmt::format("wrote {} in {}/\n", fmt::join(written, ", "), args->files.folder.string());
    }
  });
}

// `export NAME`: a table of stored data as CSV or JSON, with the usual filters.
// `coder` is the --coder view for tables that have one (store.h CodingView).
using TableWriter = std::function<void(const Store&, const TurnFilter&, const std::string& coder,
                                       const Pseudonyms* hide, TableFormat, std::ostream&)>;

void AddTableExport(CLI::App* export_command, const char* name, const char* description, TableWriter write,
                    bool has_coder = false) {
  auto* command = export_command->add_subcommand(name, description);
  struct Args {
    std::string db, format = "csv", out, coder;
    FilterArgs filter;
    PseudonymArgs pseudonyms;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  if (has_coder) command->add_option("--coder", args->coder, kCoderView);
  AddFilters(command, args->filter, "all");
  command->add_option("--format", args->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  command->add_option("--out", args->out, "write to this file instead of standard output");
  AddPseudonyms(command, args->pseudonyms);
  command->callback([args, write] {
    Store store = OpenExisting(args->db);
    std::optional<Pseudonyms> hide;
    if (!args->pseudonyms.keep_names) hide = Pseudonyms::Load(store, PseudonymsFile(store, args->pseudonyms.names_csv));
    std::ostringstream out;
    write(store, ToFilter(args->filter), args->coder, hide ? &*hide : nullptr,
          args->format == "json" ? TableFormat::kJson : TableFormat::kCsv, out);
    WriteOutput(args->out, out.str());
    for (const Diagnostic& warning : hide ? hide->UnlistedNames() : std::vector<Diagnostic>{}) {
      std::cerr << "warning: " << warning.ToString() << "\n";
    }
    if (hide && !args->out.empty()) {  // not on standard output, which a script may be reading
      std::cerr << "note: pseudonymised (document keys, speakers I1/R1, names replaced); --no-pseudonymise keeps "
                   "them, as a review sheet for `kansrijk import codings` needs\n";
    }
  });
}

void DefineExport(CLI::App& app) {
  auto* command = app.add_subcommand("export", "export stored data");
  command->require_subcommand(1);
  AddTableExport(command, "turns", "every turn: file,year,type,turn,speaker,is_interviewer,start_time,text",
                 ExportTurns);
  AddTableExport(command, "codings",
                 "every coding: file,year,type,turn,speaker,code,valence,coder,rule,start,end,text,status,memo",
                 ExportCodings, true);
  struct Qdpx {
    std::string db, out;
    QdpxExportOptions options;
  };
  auto qdpx = std::make_shared<Qdpx>();
  auto* project = command->add_subcommand("qdpx", "a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (docs/qdpx.md)");
  project->add_option("out", qdpx->out, "the .qdpx file to write")->required();
  project->add_option("--coder", qdpx->options.coders, "whose codings: auto and/or researchers (default: all)");
  AddDb(project, qdpx->db);
  project->callback([qdpx] {
    ExportQdpx(OpenExisting(qdpx->db), qdpx->options, qdpx->out);
    std::cout << fmt::format("wrote {}\n", qdpx->out);
    std::cerr << "note: the project holds the original transcripts (not pseudonymised), so that codings made in "
                 "another program can be matched back; keep it within the research team\n";
  });
}

}  // namespace

void DefineCheck(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("check", "check the database: SQLite, the turn index and kansrijk's own rules");
  auto args = std::make_shared<std::pair<std::string, bool>>();
  AddDb(command, args->first);
  command->add_flag("--repair", args->second, "take the way outs that lose nothing, then check again");
  command->callback([args, &status] {
    std::vector<StoreProblem> problems = CheckDatabase(args->first, {.repair = args->second});
    for (const StoreProblem& problem : problems) std::cout << problem.ToString() << "\n";
    std::cout << (problems.empty() ? "all is well\n" : fmt::format("{} problem(s)\n", problems.size()));
    status = problems.empty() ? 0 : 1;
  });
}

void Define(CLI::App& app, int& status) {
  DefineIngest(app, status);
  DefineSearch(app, status);
  DefineStats(app);
  DefineCodebook(app, status);
  DefineCode(app);
  DefineResearcherCommands(app, status);
  DefineReport(app);
  DefineQuotes(app);
  DefineExport(app);
  DefineCheck(app, status);
}

}  // namespace kansrijk::cli
