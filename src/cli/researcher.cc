// The researcher's commands: explain, coding, review, memo, import codings, agree, suggest, learn, serve (docs/review.md).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "exchange/codings_csv.h"
#include "exchange/qdpx.h"
#include "learn/agree.h"
#include "learn/training.h"
#include "serve/server.h"
#include "work/explain.h"
#include "work/suggest.h"
#include "work/work.h"

namespace kansrijk::cli {

namespace {

const char* kDocument = "document: its file, relative to the corpus (e.g. 2021/interview-a.txt), or its key (INT-2021-02)";

// FILE TURN CODE, --coder and --db: what a coding or a review is about.
struct Target {
  std::string db, coder, file, code, span, text, memo, valence, codebook;
  int turn = 0;
};
void AddTarget(CLI::App* command, Target& t, bool required) {
  CLI::Option* options[] = {command->add_option("file", t.file, kDocument),
                            command->add_option("turn", t.turn, "turn number"),
                            command->add_option("code", t.code, "code id")};
  if (required) for (CLI::Option* o : options) o->required();
  AddCoder(command, t.coder);
  AddDb(command, t.db);
}

void DefineCoding(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("coding", "your own codings: add, remove, list, orphans, seen");
  command->require_subcommand(1);
  auto args = std::make_shared<Target>();
  auto* add = command->add_subcommand("add", "code a turn (or a stretch of it) yourself");
  AddTarget(add, *args, true);
  add->add_option("--span", args->span, "START:END characters of the turn (default: the whole turn)");
  add->add_option("--text", args->text, "the words to code, found in the turn (instead of --span)");
  add->add_option("--valence", args->valence, "+ or - (default: - for barrier codes, else +)")
      ->check(CLI::IsMember({"+", "-"}));
  add->add_option("--memo", args->memo, "a memo on this coding");
  add->callback([args] {
    Store store = OpenExisting(args->db);
    CodingRequest request{args->coder, ResolveDocument(store, args->file), args->turn, args->code,
                          ParseSpan(args->span), {}, args->memo};
    if (!args->text.empty()) request.span.words = args->text;
    if (!args->valence.empty()) request.valence = args->valence[0];
    ManualWork work = PlaceCoding(store, request);
    std::cout << DescribeCoding(store, work, store.AddManual(work)) << "\n";
  });

  auto remove_id = std::make_shared<int64_t>(0);
  auto* remove = command->add_subcommand("remove", "take out your own coding (or any entry by --id)");
  AddTarget(remove, *args, false);
  remove->add_option("--span", args->span, "only the coding of these characters");
  remove->add_option("--id", *remove_id, "the entry's id, as `coding list` or `coding orphans` shows it");
  remove->callback([args, remove_id, &status] {
    Store store = OpenExisting(args->db);
    int removed = 0;
    if (*remove_id) {
      removed = store.RemoveManualById(*remove_id) ? 1 : 0;
    } else {
      if (args->file.empty() || args->code.empty()) throw Error({}, "give FILE TURN CODE, or --id N");
      removed = store.RemoveManual(PlaceCoding(store, {args->coder, ResolveDocument(store, args->file), args->turn,
                                                       args->code, ParseSpan(args->span)}));
    }
    std::cout << fmt::format("removed {}\n", removed);
    if (removed == 0) status = 1;
  });

  for (bool only_orphans : {false, true}) {
    auto* list = only_orphans ? command->add_subcommand("orphans", "work that could not be placed on a changed transcript")
                              : command->add_subcommand("list", "every manual coding, review, seen mark and memo");
    AddDb(list, args->db);
    list->add_option("--coder", args->coder, "only this coder's");
    list->callback([args, only_orphans] {
      WriteWorkList(OpenExisting(args->db).ManualWorkList({.coder = args->coder, .orphaned = only_orphans}),
                    only_orphans, std::cout, std::cerr);
    });
  }

  auto turns = std::make_shared<std::vector<int>>();
  auto* seen = command->add_subcommand("seen", "mark a document (or some of its turns) as read by you: the units of `agree`");
  seen->add_option("file", args->file, kDocument)->required();
  seen->add_option("turns", *turns, "turn numbers (default: the whole document)");
  AddCoder(seen, args->coder);
  AddDb(seen, args->db);
  seen->callback([args, turns] {
    Store store = OpenExisting(args->db);
    std::string file = ResolveDocument(store, args->file);
    MarkSeen(store, args->coder, file, *turns);
    std::cout << fmt::format("{} marked as seen by {}\n", file, args->coder);
  });
}

void DefineExplain(CLI::App& app) {
  auto* command = app.add_subcommand("explain", "show why a turn was coded: the matched words and the rules");
  auto args = std::make_shared<Target>();
  command->add_option("file", args->file, kDocument)->required();
  command->add_option("turn", args->turn, "turn number")->required();
  AddDb(command, args->db);
  command->add_option("--codebook", args->codebook, "codebook YAML (default: the one the corpus was coded with)");
  command->callback([args] {
    Store store = OpenExisting(args->db);
    std::string file = ResolveDocument(store, args->file);
    WriteExplanation(Explainer::Load(store, args->codebook).Explain(store, file, args->turn), std::cout);
  });
}

void DefineReview(CLI::App& app) {
  auto* command = app.add_subcommand("review", "accept or reject the automatic coding of a code on a turn");
  auto args = std::make_shared<Target>();
  AddTarget(command, *args, true);
  command->add_option("decision", args->valence, "accept or reject")->required()->check(CLI::IsMember({"accept", "reject"}));
  command->add_option("--memo", args->memo, "why");
  command->callback([args] {
    Store store = OpenExisting(args->db);
    std::string file = ResolveDocument(store, args->file);
    store.AddManual({.kind = args->valence == "accept" ? ManualWork::Kind::kAccept : ManualWork::Kind::kReject,
                     .coder = args->coder, .file = file, .turn = args->turn, .code = args->code, .memo = args->memo});
    std::cout << fmt::format("{}#{} {}: {}ed by {}\n", file, args->turn, args->code, args->valence, args->coder);
  });
}

void DefineMemo(CLI::App& app) {
  auto* command = app.add_subcommand("memo", "write a memo on a document, a turn, a coding (--code with --turn) or a code");
  auto args = std::make_shared<Target>();
  command->add_option("text", args->memo, "the memo")->required();
  command->add_option("--file", args->file, "on this document");
  command->add_option("--turn", args->turn, "on this turn of --file");
  command->add_option("--code", args->code, "on this code (with --turn: on that coding)");
  AddCoder(command, args->coder);
  AddDb(command, args->db);
  command->callback([args] {
    Store store = OpenExisting(args->db);
    std::cout << fmt::format("memo {} saved\n", AddMemo(store, args->coder, args->file, args->turn, args->code, args->memo));
  });
}

void DefineImport(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("import", "load work done elsewhere");
  command->require_subcommand(1);
  struct Args {
    std::string db, coder, file;
    bool dry_run = false;
  };
  auto args = std::make_shared<Args>();
  auto* qdpx = command->add_subcommand("qdpx", "a REFI-QDA project from NVivo, ATLAS.ti, MAXQDA, QualCoder, ...");
  qdpx->add_option("file", args->file, "the .qdpx (or a .qde with its sources folder beside it)")
      ->required()->check(CLI::ExistingFile);
  qdpx->add_flag("--dry-run", args->dry_run, "only report what would be imported");
  AddCoder(qdpx, args->coder);
  AddDb(qdpx, args->db);
  qdpx->callback([args] {
    Store store = OpenExisting(args->db);
    WriteQdpxImportReport(ImportQdpx(store, args->file, {.coder = args->coder, .dry_run = args->dry_run}), std::cout);
  });
  auto* codings = command->add_subcommand("codings", "a reviewed `export codings` CSV: reviews, your own codings, memos");
  codings->add_option("file", args->file, "the CSV file")->required()->check(CLI::ExistingFile);
  AddCoder(codings, args->coder);
  AddDb(codings, args->db);
  codings->callback([args, &status] {
    Store store = OpenExisting(args->db);
    CodingsImport result = ImportCodingsCsv(store, args->file, args->coder);
    WriteCodingsImport(result, args->file, args->coder, result.errors.empty() ? std::cout : std::cerr);
    if (!result.errors.empty()) status = 2;
  });
}

void DefineAgree(CLI::App& app) {
  auto* command = app.add_subcommand("agree", "agreement between two coders, or of the coding with a gold file");
  struct Args {
    AgreeCommand agree;
    std::string out, unit = "turn";
  };
  auto args = std::make_shared<Args>();
  AgreeCommand& agree = args->agree;
  command->add_option("--coder", agree.coders, "two coders (auto is the rules), or one with --gold");
  command->add_option("--disagreements", agree.disagreements, "with --gold: write the turns where the rules (or --coder) and the gold file differ to this CSV");
  command->add_flag("--all-documents", agree.all_documents, "with --gold: count every document in the database, not only those the gold file names");
  command->add_option("--code", agree.codes, "only these codes")->delimiter(',');
  command->add_option("--unit", args->unit, "the unit of agreement")->check(CLI::IsMember({"turn"}))->capture_default_str();
  command->add_option("--gold", agree.gold, "CSV with columns file,turn,code,valence (e.g. tests/gold/gold.csv); with models, the rules, the model alone and both side by side");
  command->add_option("--codebook", agree.codebook, "with --gold: whose starting model to measure when the database has no models (default: the codebook the corpus was coded with)");
  AddDb(command, agree.db);
  command->add_option("--out", args->out, "write the table to this file");
  command->callback([args] {
    std::ostringstream out;
    RunAgree(args->agree, out);
    WriteOutput(args->out, out.str());
  });
}

void DefineSuggest(CLI::App& app) {
  auto* command = app.add_subcommand("suggest", "words over-represented in turns researchers coded C, and what the rules miss");
  struct Args {
    std::string db, code, coder, codebook;
    SuggestOptions options{.limit = 30};
  };
  auto args = std::make_shared<Args>();
  command->add_option("--code", args->code, "the code")->required();
  command->add_option("--coder", args->coder, "only this researcher's codings (default: every researcher's)");
  command->add_option("--codebook", args->codebook, "codebook YAML (default: the one the corpus was coded with)");
  command->add_option("--limit", args->options.limit, "at most this many terms")->capture_default_str();
  command->add_option("--min-turns", args->options.min_target_turns, "a term must occur in this many coded turns")
      ->capture_default_str();
  AddDb(command, args->db);
  command->callback([args] {
    Store store = OpenExisting(args->db);
    Explainer explainer = Explainer::Load(store, args->codebook);
    WriteSuggestions(CollectHumanCoded(store, args->code, args->coder), explainer.coder(), args->code,
                     args->options, std::cout);
  });
}

void DefineLearn(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("learn", "train a model per code on the researchers' work, or measure one (docs/accuracy.md)");
  auto args = std::make_shared<LearnCommand>();
  command->add_option("--coder", args->learn.coders, "learn from these researchers (default: every one)");
  command->add_option("--code", args->learn.codes, "only these codes")->delimiter(',');
  command->add_flag("--evaluate", args->evaluate, "cross-validate on --gold instead (the database filled from its corpus)");
  command->add_option("--gold", args->gold, "the gold CSV of the database's corpus (--evaluate, or with --out)");
  command->add_option("--out", args->out, "train on --gold and write the starting model here (make starting-model)");
  command->add_option("--also", args->also, "with --evaluate: GOLD=DB, another gold set to train on, never to test on");
  command->add_option("--folds", args->folds, "folds of documents")->capture_default_str();
  AddDb(command, args->db);
  command->callback([args, &status] { status = std::max(status, RunLearn(*args, std::cout)); });
}

}  // namespace

void DefineServe(CLI::App& app) {
  auto* command = app.add_subcommand("serve", "review and correct the coding in your browser (a local web app)");
  struct Args {
    std::string db, coder, lang = "nl";
    int port = 0;
    bool no_open = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  AddCoder(command, args->coder);
  command->add_option("--port", args->port, "port on 127.0.0.1 (default: a free one)");
  command->add_flag("--no-open", args->no_open, "do not open the browser");
  command->add_option("--lang", args->lang, "nl or en")->check(CLI::IsMember({"nl", "en"}))->capture_default_str();
  command->callback([args] {
    ReviewApp review({.db = args->db, .coder = args->coder, .port = args->port, .lang = args->lang});
    Serve(review, {.port = args->port, .ready = [&](const std::string& url) {
                     std::cout << url << std::endl;  // the first line: scripts and tests read it
                     std::cerr << "kansrijk serve: reviewing as " << args->coder << " in " << args->db
                               << "; stop with Ctrl-C\n";
                     if (!args->no_open && !OpenInBrowser(url)) {
                       std::cerr << "note: no browser could be started; open the address above yourself\n";
                     }
                   }});
    std::cerr << "kansrijk serve: stopped; everything was saved as you worked\n";
  });
}

void DefineResearcherCommands(CLI::App& app, int& status) {
  DefineExplain(app);
  DefineCoding(app, status);
  DefineReview(app);
  DefineMemo(app);
  DefineImport(app, status);
  DefineAgree(app);
  DefineSuggest(app);
  DefineLearn(app, status);
  DefineServe(app);
}

}  // namespace kansrijk::cli
