#include "cli/commands.h"

#include "cli/common.h"

#include <fmt/format.h>
#include <functional>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/utf8.h"
#include "code/codebook.h"
#include "code/codebook_formats.h"
#include "code/coder.h"
#include "exchange/qdc.h"
#include "exchange/qdpx.h"
#include "export/codings.h"
#include "export/quotes.h"
#include "export/turns.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "report/accuracy.h"
#include "report/corpus_overview.h"
#include "report/render.h"
#include "report/year_report.h"
#include "search/search.h"

namespace kansrijk::cli {

namespace {

void PrintDiagnostics(const IngestSummary& summary) {
  for (const Diagnostic& warning : summary.warnings) std::cerr << "warning: " << warning.ToString() << "\n";
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

void PrintProblems(const std::vector<Error>& problems) {
  for (const Error& problem : problems) std::cerr << "error: " << problem.what() << "\n";
}

void DefineCodebook(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("codebook", "check, show, import (quanteda, LIWC, .qdc) or export (.qdc) a codebook");
  command->require_subcommand(1);
  auto file = std::make_shared<std::string>(kDefaultCodebook);
  auto* check = command->add_subcommand("check", "validate a codebook and run its example quotes through its rules");
  check->add_option("file", *file, "codebook YAML (default: codebook/kansrijke-start.yaml)");
  check->callback([file, &status] {
    std::vector<Error> problems;
    Codebook book = LoadCodebook(*file, &problems);
    if (problems.empty()) {
      Morphology morphology = Morphology::Load();
      problems = CheckCodebook(book, morphology);
    }
    PrintProblems(problems);
    if (!problems.empty()) {
      std::cerr << fmt::format("{}: {} problem(s)\n", *file, problems.size());
      status = 2;
      return;
    }
    size_t rules = 0, examples = 0;
    for (const Code* code : book.Codes()) {
      rules += code->rules.size();
      examples += code->examples.size();
    }
    std::cout << fmt::format("{}: ok ({} codes, {} rules, {} examples coded as intended)\n", *file,
                             book.Codes().size(), rules, examples);
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
    std::string format = transfer->format;
    std::string extension = std::filesystem::path(transfer->in).extension().string();
    if (format.empty()) {
      format = extension == ".dic" ? "liwc" : extension == ".qdc" ? "qdc"
               : extension == ".yml" || extension == ".yaml" ? "quanteda" : "";
    }
    if (format.empty()) {
      throw Error({transfer->in}, "cannot tell the format from the file name", "give --format quanteda, liwc or qdc");
    }
    Codebook book = format == "liwc" ? ImportLiwcDictionary(transfer->in)
                    : format == "qdc" ? ImportQdc(transfer->in)
                                      : ImportQuantedaDictionary(transfer->in);
    WriteOutput(transfer->out, WriteCodebookYaml(book));
    if (!transfer->out.empty()) {
      std::cerr << fmt::format("wrote {} ({} codes); add an example quote to each code, then `kansrijk codebook check {}`\n", transfer->out,
                               book.Codes().size(), transfer->out);
    }
  });
  auto* export_ = command->add_subcommand("export", "write the codebook as REFI-QDA .qdc (for NVivo, ATLAS.ti, MAXQDA, ...)");
  export_->add_option("file", *file, "codebook YAML (default: codebook/kansrijke-start.yaml)");
  export_->add_option("--out", transfer->out, "the .qdc file to write (default: standard output)");
  export_->callback([file, transfer] { WriteOutput(transfer->out, ExportQdc(LoadCodebook(*file))); });
  auto* show = command->add_subcommand("show", "print the codebook as a tree");
  show->add_option("file", *file, "codebook YAML (default: codebook/kansrijke-start.yaml)");
  show->callback([file] {
    Codebook book = LoadCodebook(*file);
    std::cout << fmt::format("{} ({}{})\n", book.title.empty() ? book.id : book.title, book.id,
                             book.version.empty() ? "" : ", version " + book.version);
    for (const Category& category : book.categories) {
      std::cout << fmt::format("\n{} / {}  [{}]\n", category.label_nl, category.label_en, category.id);
      for (const Code& code : category.codes) {
        std::cout << fmt::format("  {:<22} {} / {} ({}, {} rules, {})\n", code.id, code.label_nl, code.label_en,
                                 ToString(code.valence), code.rules.size(), code.colour);
        if (!code.definition.empty()) std::cout << "      " << CollapseWhitespace(code.definition) << "\n";
      }
    }
  });
}

void DefineCode(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("code", "code every respondent turn with the codebook's rules");
  struct Args {
    std::string db, codebook = kDefaultCodebook;
    bool include_interviewer = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--codebook", args->codebook, "codebook YAML")->capture_default_str();
  command->add_flag("--include-interviewer", args->include_interviewer, "also code interviewer and moderator turns");
  command->add_flag("--quiet,-q", args->quiet, "print nothing on success");
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    Codebook book = LoadCodebook(args->codebook);
    Morphology morphology = Morphology::Load();
    Coder coder(book, morphology);
    CodeSummary summary = CodeCorpus(store, book, coder, {args->include_interviewer});
    if (args->quiet) return;
    std::set<int> years;
    for (const auto& [key, n] : summary.coded_turns) years.insert(key.second);
    std::cout << fmt::format("coded {} turns with {} ({} codings); coded turns per code and year:\n\n",
                             summary.turns, book.id, summary.codings);
    std::cout << fmt::format("{:<24}", "code");
    for (int year : years) std::cout << fmt::format("{:>6}", year);
    std::cout << "\n";
    for (const Code* code : book.Codes()) {
      std::cout << fmt::format("{:<24}", code->id);
      for (int year : years) {
        auto it = summary.coded_turns.find({code->id, year});
        std::cout << fmt::format("{:>6}", it == summary.coded_turns.end() ? 0 : it->second);
      }
      std::cout << "\n";
    }
  });
}

void DefineExplain(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("explain", "show why a turn was coded: the matched words and the rules");
  struct Args {
    std::string db, codebook = kDefaultCodebook, file;
    int turn = 0;
  };
  auto args = std::make_shared<Args>();
  command->add_option("file", args->file, "document: its file, relative to the corpus (e.g. 2021/interview-a.txt), or its key (INT-2021-02)")->required();
  command->add_option("turn", args->turn, "turn number")->required();
  AddDb(command, args->db);
  command->add_option("--codebook", args->codebook, "codebook YAML")->capture_default_str();
  command->callback([args, &status] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    std::optional<TurnRow> turn = store.FindTurn(args->file, args->turn);
    if (!turn) {
      std::cerr << fmt::format("kansrijk: no turn {} in '{}' (see `kansrijk export turns --no-pseudonymise`)\n", args->turn, args->file);
      status = 2;
      return;
    }
    Codebook book = LoadCodebook(args->codebook);
    Morphology morphology = Morphology::Load();
    CodeTrace trace = Coder(book, morphology).Explain(turn->text);
    std::cout << fmt::format("{} turn {} ({} {}{}):\n\n{}\n\n", turn->file, turn->number, turn->year,
                             turn->speaker.empty() ? "unknown speaker" : turn->speaker,
                             turn->is_interviewer ? ", interviewer: not coded by default" : "", turn->text);
    if (trace.matches.empty()) std::cout << "No rule matched.\n";
    for (const RuleMatch& m : trace.matches) {
      std::string words = turn->text.substr(m.span.begin, m.span.end - m.span.begin);
      std::cout << fmt::format("  [{}] {:<20} {}  rule {}", words, m.code, m.valence, m.rule);
      if (!m.vetoed_by.empty()) {
        std::cout << fmt::format("  EXCLUDED by '{}'\n", m.vetoed_by);
      } else {
        std::cout << fmt::format("  ({})\n", m.valence_reason);
      }
    }
    if (!trace.codings.empty()) {
      std::cout << "\nCodings:";
      for (const Coding& c : trace.codings) std::cout << fmt::format(" {}{}", c.code, c.valence);
      std::cout << "\n";
    }
  });
}

void DefineQuotes(CLI::App& app, int& status) {
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
  command->add_option("--coder", args->options.coder,
                      "whose codings: a researcher's view, or auto (default: every coder's, rejected ones left out)");
  AddPseudonyms(command, args->pseudonyms);
  command->callback([args, &status] {
    Store store = Store::Open(args->db, {.must_exist = true});
    QuoteOptions options = args->options;
    options.pseudonymise = !args->pseudonyms.keep_names;
    options.pseudonyms = PseudonymsFile(store, args->pseudonyms);
    if (!args->valence.empty()) options.valence = args->valence[0];
    QuoteSet quotes = SelectQuotes(store, options);
    if (args->format == "docx") {
      if (args->out.empty()) throw Error({}, "--format docx needs --out FILE.docx");
      std::filesystem::path out(args->out);
      if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
      WriteQuotesDocx(quotes, out);
      return;
    }
    std::ostringstream out;
    if (args->format == "csv") WriteQuotesCsv(quotes, out);
    else if (args->format == "html") WriteQuotesHtml(quotes, out);
    else WriteQuotesMarkdown(quotes, out);
    WriteOutput(args->out, out.str());
  });
}

void DefineReport(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("report", "theme frequencies per year, year comparisons, co-occurrence");
  struct Args {
    std::string db, out = "reports", lang = "nl", coder;
    std::vector<std::string> by = {"year"}, formats = {"md", "csv", "html", "xlsx", "transcripts"};
    bool include_interviewer = false, bom = false, quiet = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  command->add_option("--by", args->by, "group by year and/or manifest columns (type, role, municipality, ...)")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--format", args->formats, "md, csv, html, xlsx, transcripts")
      ->delimiter(',')
      ->check(CLI::IsMember({"md", "csv", "html", "xlsx", "transcripts"}))
      ->capture_default_str();
  command->add_option("--out", args->out, "folder for the reports")->capture_default_str();
  command->add_option("--lang", args->lang, "nl or en")->check(CLI::IsMember({"nl", "en"}))->capture_default_str();
  command->add_flag("--include-interviewer", args->include_interviewer, "count interviewer turns too");
  command->add_flag("--bom", args->bom, "start frequencies.csv with a UTF-8 BOM (for Excel)");
  command->add_option("--coder", args->coder,
                      "whose view: a researcher's (rules minus their rejections, plus their codings), auto (rules "
                      "only); default every coder's");
  command->add_flag("--quiet,-q", args->quiet, "print nothing on success");
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    YearReport report = BuildYearReport(store, {args->by, args->include_interviewer, args->lang, args->coder});
    std::filesystem::path out(args->out);
    std::filesystem::create_directories(out);
    std::vector<std::string> written;
    auto has = [&](const char* f) { return std::find(args->formats.begin(), args->formats.end(), f) != args->formats.end(); };
    if (has("md")) {
      std::ostringstream text;
      WriteMarkdown(report, text);
      WriteOutput((out / "report.md").string(), text.str());
      written.push_back("report.md");
    }
    if (has("csv")) {
      std::ostringstream text;
      WriteFrequencyCsv(report, text, args->bom);
      WriteOutput((out / "frequencies.csv").string(), text.str());
      written.push_back("frequencies.csv");
    }
    if (has("html")) {
      std::ostringstream text;
      WriteHtml(report, text);
      WriteOutput((out / "report.html").string(), text.str());
      written.push_back("report.html");
    }
    if (has("xlsx")) {
      WriteXlsx(report, out / "report.xlsx");
      written.push_back("report.xlsx");
    }
    if (has("transcripts")) {
      std::vector<std::string> pages = WriteTranscriptPages(store, report, out / "transcripts");
      written.push_back(fmt::format("transcripts/ ({} pages)", pages.size()));
    }
    for (const std::string& w : report.warnings) std::cerr << "warning: " << w << "\n";
    if (!args->quiet) {
      std::string list;
      for (const std::string& w : written) list += (list.empty() ? "" : ", ") + w;
      std::cout << fmt::format("wrote {} in {}/\n", list, args->out);
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
  if (has_coder) {
    command->add_option("--coder", args->coder,
                        "whose view: a researcher's reviews and own codings (default: every coder's), or auto");
  }
  AddFilters(command, args->filter, "all");
  command->add_option("--format", args->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  command->add_option("--out", args->out, "write to this file instead of standard output");
  AddPseudonyms(command, args->pseudonyms);
  command->callback([args, write] {
    Store store = Store::Open(args->db, {.must_exist = true});
    std::optional<Pseudonyms> hide;
    if (!args->pseudonyms.keep_names) hide = Pseudonyms::Load(store, PseudonymsFile(store, args->pseudonyms));
    std::ostringstream out;
    write(store, ToFilter(args->filter), args->coder, hide ? &*hide : nullptr,
          args->format == "json" ? TableFormat::kJson : TableFormat::kCsv, out);
    WriteOutput(args->out, out.str());
    if (hide && !args->out.empty()) {  // not on standard output, which a script may be reading
      std::cerr << "note: pseudonymised (document keys, speakers I1/R1, names replaced); --no-pseudonymise keeps "
                   "them, as a review sheet for `kansrijk import codings` needs\n";
    }
  });
}

void DefineExport(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("export", "export stored data");
  command->require_subcommand(1);
  AddTableExport(command, "turns", "every turn: file,year,type,turn,speaker,is_interviewer,start_time,text",
                 [](const Store& store, const TurnFilter& filter, const std::string&, const Pseudonyms* hide,
                    TableFormat format, std::ostream& out) { ExportTurns(store, filter, hide, format, out); });
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
    Store store = Store::Open(qdpx->db, {.must_exist = true});
    std::filesystem::path out(qdpx->out);
    if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
    ExportQdpx(store, qdpx->options, out);
    std::cout << fmt::format("wrote {}\n", qdpx->out);
    std::cerr << "note: the project holds the original transcripts (not pseudonymised), so that codings made in "
                 "another program can be matched back; keep it within the research team\n";
  });
}

}  // namespace

void Define(CLI::App& app, int& status) {
  DefineIngest(app, status);
  DefineSearch(app, status);
  DefineStats(app, status);
  DefineCodebook(app, status);
  DefineCode(app, status);
  DefineExplain(app, status);
  DefineResearcherCommands(app, status);
  DefineReport(app, status);
  DefineQuotes(app, status);
  DefineExport(app, status);
}

}  // namespace kansrijk::cli
