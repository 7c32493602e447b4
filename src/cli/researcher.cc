// The researcher's commands: coding, review, memo, import codings, agree, suggest.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/utf8.h"
#include "cli/common.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "code/suggest.h"
#include "exchange/codings_csv.h"
#include "exchange/qdpx.h"
#include "report/accuracy.h"
#include "report/coder_agreement.h"

namespace kansrijk::cli {

namespace {

// --coder, defaulting to $KANSRIJK_CODER, then the login name.
void AddCoder(CLI::App* command, std::string& coder) {
  const char* env = std::getenv("KANSRIJK_CODER");
  if (!env || !*env) env = std::getenv("USER");
  coder = env && *env ? env : "";
  command->add_option("--coder", coder, "your name as coder (default: $KANSRIJK_CODER, else your login name)");
}

// "START:END" in code points of the turn's text (as `export codings` writes them) → bytes.
Span ParseSpan(const std::string& text, const std::string& argument, const TurnRow& turn) {
  size_t colon = argument.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    size_t start = std::stoul(argument.substr(0, colon)), end = std::stoul(argument.substr(colon + 1));
    std::optional<size_t> b = ByteOffsetOfCodePoint(text, start), e = ByteOffsetOfCodePoint(text, end);
    if (b && e && *b < *e) return {static_cast<uint32_t>(*b), static_cast<uint32_t>(*e)};
  } catch (const std::logic_error&) {
  }
  throw Error({turn.file}, fmt::format("--span {} is not a stretch of turn {} ({} characters)", argument, turn.number,
                                       CodePointOffset(text, text.size())),
              "give START:END in characters from 0, as `kansrijk export codings` writes start and end");
}

// The turn, or an Error that says how to find turns.
TurnRow NeedTurn(const Store& store, const std::string& file, int number) {
  std::optional<TurnRow> turn = store.FindTurn(file, number);
  if (!turn) {
    throw Error({file}, fmt::format("there is no turn {} in this document", number),
                "`kansrijk export turns --no-pseudonymise` lists the documents and their turns");
  }
  return *turn;
}

StoredCode NeedCode(const Store& store, const std::string& code) {
  std::string known;
  for (const StoredCode& c : store.Codes()) {
    if (c.code == code) return c;
    known += (known.empty() ? "" : ", ") + c.code;
  }
  throw Error({}, fmt::format("'{}' is not a code of the codebook", code),
              known.empty() ? "run `kansrijk code` first" : "the codes are: " + known);
}

std::string Describe(const ManualWork& w) {
  std::string where = w.file.empty() ? "code " + w.code : w.file;
  if (w.turn) where += fmt::format("#{}", *w.turn);
  std::string what = ToString(w.kind);
  if (!w.file.empty() && !w.code.empty()) what += " " + w.code;
  if (w.kind == ManualWork::Kind::kCode) what += w.valence;
  std::string text = w.span_text.size() > 60 ? w.span_text.substr(0, 57) + "..." : w.span_text;
  return fmt::format("{:>5}  {:<12} {:<32} {:<28} {}{}{}", w.id, w.coder, where, what,
                     text.empty() ? "" : "\"" + CollapseWhitespace(text) + "\"", w.memo.empty() ? "" : "  memo: " + w.memo,
                     w.orphaned.empty() ? "" : "  ORPHANED: " + w.orphaned);
}

void DefineCoding(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("coding", "your own codings: add, remove, list, orphans, seen");
  command->require_subcommand(1);
  struct Args {
    std::string db, coder, file, code, span, text, memo, valence;
    int turn = 0;
    int64_t id = 0;
    std::vector<int> turns;
  };
  auto args = std::make_shared<Args>();

  auto* add = command->add_subcommand("add", "code a turn (or a stretch of it) yourself");
  add->add_option("file", args->file, "document: its file, relative to the corpus (e.g. 2021/interview-a.txt), or its key (INT-2021-02)")->required();
  add->add_option("turn", args->turn, "turn number")->required();
  add->add_option("code", args->code, "code id")->required();
  add->add_option("--span", args->span, "START:END characters of the turn (default: the whole turn)");
  add->add_option("--text", args->text, "the words to code, found in the turn (instead of --span)");
  add->add_option("--valence", args->valence, "+ or - (default: - for barrier codes, else +)")
      ->check(CLI::IsMember({"+", "-"}));
  add->add_option("--memo", args->memo, "a memo on this coding");
  AddCoder(add, args->coder);
  AddDb(add, args->db);
  add->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    TurnRow turn = NeedTurn(store, args->file, args->turn);
    StoredCode code = NeedCode(store, args->code);
    ManualWork work{.kind = ManualWork::Kind::kCode, .coder = args->coder, .file = args->file, .turn = args->turn,
                    .code = args->code, .memo = args->memo};
    if (!args->span.empty()) work.span = ParseSpan(turn.text, args->span, turn);
    if (!args->text.empty()) {
      size_t at = turn.text.find(args->text);
      if (at == std::string::npos) {
        throw Error({args->file}, fmt::format("'{}' does not occur in turn {}", args->text, args->turn),
                    "copy the words exactly from the turn (`kansrijk explain FILE TURN` shows it)");
      }
      work.span = Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + args->text.size())};
    }
    work.valence = !args->valence.empty() ? args->valence[0]
                                          : DefaultSign(ParseValence(code.valence).value_or(Valence::kNeutral));
    int64_t id = store.AddManual(work);
    Span span = work.span.value_or(Span{0, static_cast<uint32_t>(turn.text.size())});
    std::cout << fmt::format("coding {}: {} {}{} by {} on \"{}\"\n", id, args->file + "#" + std::to_string(args->turn),
                             args->code, work.valence, args->coder,
                             CollapseWhitespace(turn.text.substr(span.begin, span.size())));
  });

  auto* remove = command->add_subcommand("remove", "take out your own coding (or any entry by --id)");
  remove->add_option("file", args->file, "document: its file or its key (INT-2021-02)");
  remove->add_option("turn", args->turn, "turn number");
  remove->add_option("code", args->code, "code id");
  remove->add_option("--span", args->span, "only the coding of these characters");
  remove->add_option("--id", args->id, "the entry's id, as `coding list` or `coding orphans` shows it");
  AddCoder(remove, args->coder);
  AddDb(remove, args->db);
  remove->callback([args, &status] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    int removed = 0;
    if (args->id) {
      removed = store.RemoveManualById(args->id) ? 1 : 0;
    } else {
      if (args->file.empty() || args->code.empty()) throw Error({}, "give FILE TURN CODE, or --id N");
      TurnRow turn = NeedTurn(store, args->file, args->turn);
      ManualWork work{.kind = ManualWork::Kind::kCode, .coder = args->coder, .file = args->file, .turn = args->turn,
                      .code = args->code};
      if (!args->span.empty()) work.span = ParseSpan(turn.text, args->span, turn);
      removed = store.RemoveManual(work);
    }
    std::cout << fmt::format("removed {}\n", removed);
    if (removed == 0) status = 1;
  });

  auto* list = command->add_subcommand("list", "every manual coding, review, seen mark and memo");
  AddDb(list, args->db);
  list->add_option("--coder", args->coder, "only this coder's");
  auto* orphans = command->add_subcommand("orphans", "work that could not be placed on a changed transcript");
  AddDb(orphans, args->db);
  orphans->add_option("--coder", args->coder, "only this coder's");
  auto print = [args](bool only_orphans) {
    Store store = Store::Open(args->db, {.must_exist = true});
    std::vector<ManualWork> entries = store.ManualWorkList({.coder = args->coder, .orphaned = only_orphans});
    for (const ManualWork& w : entries) std::cout << Describe(w) << "\n";
    std::cerr << fmt::format("{} {}\n", entries.size(), only_orphans ? "orphaned" : "entries");
    if (only_orphans && !entries.empty()) {
      std::cerr << "They are kept. Code the new text again with `coding add`, then drop an orphan with "
                   "`coding remove --id N`.\n";
    }
  };
  list->callback([print] { print(false); });
  orphans->callback([print] { print(true); });

  auto* seen = command->add_subcommand("seen", "mark a document (or some of its turns) as read by you: the units of `agree`");
  seen->add_option("file", args->file, "document: its file or its key (INT-2021-02)")->required();
  seen->add_option("turns", args->turns, "turn numbers (default: the whole document)");
  AddCoder(seen, args->coder);
  AddDb(seen, args->db);
  seen->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    store.Atomically([&] {
      if (args->turns.empty()) store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = args->coder, .file = args->file});
      for (int turn : args->turns) {
        store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = args->coder, .file = args->file, .turn = turn});
      }
    });
    std::cout << fmt::format("{} marked as seen by {}\n", args->file, args->coder);
  });
}

void DefineReview(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("review", "accept or reject the automatic coding of a code on a turn");
  struct Args {
    std::string db, coder, file, code, decision, memo;
    int turn = 0;
  };
  auto args = std::make_shared<Args>();
  command->add_option("file", args->file, "document: its file or its key (INT-2021-02)")->required();
  command->add_option("turn", args->turn, "turn number")->required();
  command->add_option("code", args->code, "code id")->required();
  command->add_option("decision", args->decision, "accept or reject")->required()->check(CLI::IsMember({"accept", "reject"}));
  command->add_option("--memo", args->memo, "why");
  AddCoder(command, args->coder);
  AddDb(command, args->db);
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    NeedTurn(store, args->file, args->turn);
    bool coded = false;
    for (const CodingRow& c : store.Codings({}, {.coder = "auto"})) {
      coded |= c.turn.file == args->file && c.turn.number == args->turn && c.code == args->code;
    }
    if (!coded) {
      throw Error({args->file}, fmt::format("the rules did not code turn {} with {}: nothing to review", args->turn,
                                            args->code),
                  "to add a code the rules missed, use `kansrijk coding add`");
    }
    store.AddManual({.kind = args->decision == "accept" ? ManualWork::Kind::kAccept : ManualWork::Kind::kReject,
                     .coder = args->coder, .file = args->file, .turn = args->turn, .code = args->code,
                     .memo = args->memo});
    std::cout << fmt::format("{}#{} {}: {}ed by {}\n", args->file, args->turn, args->code, args->decision, args->coder);
  });
}

void DefineMemo(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("memo", "write a memo on a document, a turn, a coding (--code with --turn) or a code");
  struct Args {
    std::string db, coder, file, code, text;
    int turn = 0;
  };
  auto args = std::make_shared<Args>();
  command->add_option("text", args->text, "the memo")->required();
  command->add_option("--file", args->file, "on this document");
  command->add_option("--turn", args->turn, "on this turn of --file");
  command->add_option("--code", args->code, "on this code (with --turn: on that coding)");
  AddCoder(command, args->coder);
  AddDb(command, args->db);
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    args->file = DocumentFile(store, args->file);
    if (args->file.empty() && args->code.empty()) throw Error({}, "say what the memo is on", "give --file, or --code");
    if (!args->code.empty()) NeedCode(store, args->code);
    ManualWork work{.kind = ManualWork::Kind::kMemo, .coder = args->coder, .file = args->file, .code = args->code,
                    .memo = args->text};
    if (args->turn) work.turn = args->turn;
    std::cout << fmt::format("memo {} saved\n", store.AddManual(work));
  });
}

void DefineImport(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("import", "load work done elsewhere");
  command->require_subcommand(1);
  struct Args {
    std::string db, coder, file;
  };
  auto args = std::make_shared<Args>();
  auto* qdpx = command->add_subcommand("qdpx", "a REFI-QDA project from NVivo, ATLAS.ti, MAXQDA, QualCoder, ...");
  auto dry_run = std::make_shared<bool>(false);
  qdpx->add_option("file", args->file, "the .qdpx (or a .qde with its sources folder beside it)")
      ->required()->check(CLI::ExistingFile);
  qdpx->add_flag("--dry-run", *dry_run, "only report what would be imported");
  AddCoder(qdpx, args->coder);
  AddDb(qdpx, args->db);
  qdpx->callback([args, dry_run] {
    Store store = Store::Open(args->db, {.must_exist = true});
    WriteQdpxImportReport(ImportQdpx(store, args->file, {.coder = args->coder, .dry_run = *dry_run}), std::cout);
  });
  auto* codings = command->add_subcommand("codings", "a reviewed `export codings` CSV: reviews, your own codings, memos");
  codings->add_option("file", args->file, "the CSV file")->required()->check(CLI::ExistingFile);
  AddCoder(codings, args->coder);
  AddDb(codings, args->db);
  codings->callback([args, &status] {
    Store store = Store::Open(args->db, {.must_exist = true});
    CodingsImport result = ImportCodingsCsv(store, args->file, args->coder);
    if (!result.errors.empty()) {
      for (const Error& e : result.errors) std::cerr << "error: " << e.what() << "\n";
      std::cerr << fmt::format("{}: {} bad row(s); nothing was imported. Fix them and import the file again.\n",
                               args->file, result.errors.size());
      status = 2;
      return;
    }
    std::cout << fmt::format(
        "{}: {} rows as {}: {} accepted, {} rejected, {} reviews withdrawn, {} own codings added or kept, {} removed, {} memos; "
        "{} rows of other coders left alone\n",
        args->file, result.rows, args->coder, result.accepted, result.rejected, result.withdrawn, result.added,
        result.removed, result.memos, result.other_coders);
  });
}

void DefineAgree(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("agree", "agreement between two coders, or of a coder with a gold file");
  struct Args {
    std::string db, gold, out, unit = "turn";
    std::vector<std::string> coders, codes;
  };
  auto args = std::make_shared<Args>();
  command->add_option("--coder", args->coders, "two coders (auto is the rules), or one with --gold");
  command->add_option("--code", args->codes, "only these codes")->delimiter(',');
  command->add_option("--unit", args->unit, "the unit of agreement")->check(CLI::IsMember({"turn"}))->capture_default_str();
  command->add_option("--gold", args->gold, "CSV with columns file,turn,code,valence (e.g. tests/gold/gold.csv)");
  AddDb(command, args->db);
  command->add_option("--out", args->out, "write the table to this file");
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    std::ostringstream out;
    if (!args->gold.empty()) {
      if (args->coders.size() > 1) throw Error({}, "with --gold give at most one --coder");
      WriteAccuracy(MeasureAgainstGold(store, args->gold, args->coders.empty() ? "auto" : args->coders[0]), out);
    } else {
      if (args->coders.size() != 2) {
        throw Error({}, "give two coders", "e.g. `kansrijk agree --coder auto --coder marieke`, or --gold FILE");
      }
      WriteCoderAgreement(CompareCoders(store, {args->coders[0], args->coders[1], args->codes}), out);
    }
    WriteOutput(args->out, out.str());
  });
}

void DefineSuggest(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("suggest", "words over-represented in turns researchers coded C, and what the rules miss");
  struct Args {
    std::string db, code, coder, codebook = kDefaultCodebook;
    SuggestOptions options;
  };
  auto args = std::make_shared<Args>();
  args->options.limit = 30;
  command->add_option("--code", args->code, "the code")->required();
  command->add_option("--coder", args->coder, "only this researcher's codings (default: every researcher's)");
  command->add_option("--codebook", args->codebook, "codebook YAML")->capture_default_str();
  command->add_option("--limit", args->options.limit, "at most this many terms")->capture_default_str();
  command->add_option("--min-turns", args->options.min_target_turns, "a term must occur in this many coded turns")
      ->capture_default_str();
  AddDb(command, args->db);
  command->callback([args] {
    Store store = Store::Open(args->db, {.must_exist = true});
    Codebook book = LoadCodebook(args->codebook);
    if (!book.Find(args->code)) throw Error({args->codebook}, fmt::format("the codebook has no code '{}'", args->code));
    Morphology morphology = Morphology::Load();
    Coder coder(book, morphology);
    std::set<std::pair<std::string, int>> coded;  // by a researcher: their own coding, or an accepted rule coding
    for (const ManualWork& w : store.ManualWorkList({.coder = args->coder})) {
      if (w.Affirms() && w.code == args->code) coded.insert({w.file, *w.turn});
    }
    if (coded.empty()) {
      throw Error({}, fmt::format("no researcher coded any turn with {}", args->code),
                  "suggestions learn from human codings: `kansrijk coding add`, `import codings` or `import qdpx`");
    }
    std::vector<TurnRow> turns = store.Turns({.speakers = TurnFilter::Speakers::kRespondent});
    std::vector<std::string_view> target, reference;
    std::vector<const TurnRow*> target_turns;
    for (const TurnRow& t : turns) {
      if (coded.contains({t.file, t.number})) {
        target.push_back(t.text);
        target_turns.push_back(&t);
      } else {
        reference.push_back(t.text);
      }
    }
    std::vector<TermSuggestion> terms = SuggestTerms(target, reference, coder, args->code, args->options);
    std::cout << fmt::format("{} turns coded {} by researchers, against {} other respondent turns.\n\n", target.size(),
                             args->code, reference.size());
    std::cout << fmt::format("{:<28} {:>7} {:>7} {:>9} {:>9}  {}\n", "term", "coded", "other", "G2", "p", "covered");
    for (const TermSuggestion& t : terms) {
      std::string covered = t.covered ? "yes" : "NO";
      for (const std::string& other : t.other_codes) covered += " (" + other + ")";
      std::cout << fmt::format("{:<28} {:>7} {:>7} {:>9.2f} {:>9.2g}  {}\n", t.term, t.target_turns,
                               t.reference_turns, t.g2, t.p, covered);
      for (const TermExample& e : t.examples) {
        const TurnRow& turn = *target_turns[e.turn];
        std::cout << fmt::format("    {}#{}: {}«{}»{}\n", turn.file, turn.number, e.left, e.text, e.right);
      }
    }
    if (terms.empty()) std::cout << "(no term reaches --min-turns)\n";
    std::vector<size_t> missed = MissedTurns(target, coder, args->code);
    std::cout << fmt::format("\nCoded {} by researchers, missed by the rules: {} of {} turns\n", args->code,
                             missed.size(), target.size());
    for (size_t i : missed) {
      const TurnRow& t = *target_turns[i];
      std::string text = CollapseWhitespace(t.text);
      if (text.size() > 160) text = text.substr(0, 157) + "...";
      std::cout << fmt::format("  {}#{}: {}\n", t.file, t.number, text);
    }
  });
}

}  // namespace

void DefineResearcherCommands(CLI::App& app, int& status) {
  DefineCoding(app, status);
  DefineReview(app, status);
  DefineMemo(app, status);
  DefineImport(app, status);
  DefineAgree(app, status);
  DefineSuggest(app, status);
}

}  // namespace kansrijk::cli
