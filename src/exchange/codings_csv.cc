#include "exchange/codings_csv.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "base/csv.h"
#include "base/utf8.h"
#include "code/codebook.h"
#include "work/work.h"

namespace kansrijk {

namespace {

std::string Lower(std::string text) {
  return CollapseWhitespace(AsciiLower(text));
}

std::optional<int> Number(const std::string& text) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), ::isdigit)) return std::nullopt;
  return std::stoi(text);
}

}  // namespace

CodingsImport ImportCodingsCsv(Store& store, const std::filesystem::path& csv, const std::string& coder) {
  const std::string name = csv.string();
  const CsvTable table = ReadCsvTable(csv, name, "give the CSV exported by `kansrijk export codings`");
  if (table.header.empty()) throw Error({name}, "the file is empty", "start from `kansrijk export codings --coder NAME`");
  for (const char* needed : {"file", "turn", "code"}) {
    if (!table.Column(needed)) {
      throw Error(Location::Row(name, 1), fmt::format("there is no column '{}'", needed),
                  "the first row names the columns, as `kansrijk export codings` writes them");
    }
  }
  std::map<std::string, std::optional<size_t>> column;  // looked up once, not per row
  for (const char* key : {"file", "turn", "code", "status", "coder", "memo", "start", "end", "text", "valence"}) {
    column[key] = table.Column(key);
  }
  std::map<std::string, std::string> code_valence;  // known codes → their codebook valence
  for (const StoredCode& c : store.Codes()) code_valence[c.code] = c.valence;

  CodingsImport result;
  struct Review {
    std::string decision;  // accept, reject, or "" (withdraw)
    std::string memo;
    size_t row = 0;
  };
  std::map<std::tuple<std::string, int, std::string>, Review> reviews;  // file, turn, code
  auto row_error = [&](size_t r, const std::string& message, const std::string& hint = "") {
    result.errors.emplace_back(table.Where(r), message, hint);
  };
  try {
    store.Atomically([&] {
      for (size_t r = 0; r < table.rows.size(); ++r) {
        const std::vector<std::string>& row = table.rows[r];
        if (std::all_of(row.begin(), row.end(), [](const std::string& f) { return f.empty(); })) continue;
        ++result.rows;
        auto field = [&](const char* key) {
          const std::optional<size_t>& c = column.at(key);
          return c && *c < row.size() ? FromSpreadsheetText(row[*c]) : std::string();
        };
        const std::string file = field("file"), code = field("code"), status = Lower(field("status"));
        const std::string row_coder = CollapseWhitespace(field("coder")), memo = field("memo");
        std::optional<int> turn_number = Number(CollapseWhitespace(field("turn")));
        if (!turn_number) {
          row_error(r, fmt::format("turn '{}' is not a turn number", field("turn")));
          continue;
        }
        if (!code_valence.contains(code)) {
          row_error(r, fmt::format("'{}' is not a code of the codebook", code),
                    "`kansrijk codebook show` lists the codes; new codes go into the codebook first (manual: true)");
          continue;
        }
        std::optional<TurnRow> turn = store.FindTurn(file, *turn_number);
        if (!turn) {
          static const RE2 key(R"((INT|FG)-\d{4}-\d+)");  // Pseudonyms::Document
          row_error(r, fmt::format("there is no turn {} in '{}'", *turn_number, file),
                    RE2::FullMatch(file, key) ? "this is a pseudonymised export, which cannot be matched back: export "
                                                "the review sheet with `kansrijk export codings --coder NAME "
                                                "--no-pseudonymise`"
                                              : "`kansrijk export turns --no-pseudonymise` lists the documents and turns");
          continue;
        }
        ManualWork work{.coder = coder, .file = file, .turn = *turn_number, .code = code, .memo = memo};
        try {
          if (row_coder == "auto" || row_coder == "model") {  // reviewed per turn and code, below: one turn may hold several spans
            if (status != "" && status != "accepted" && status != "accept" && status != "rejected" && status != "reject") {
              row_error(r, fmt::format("status '{}' of a rule coding is not accepted, rejected or empty", status));
              continue;
            }
            Review& review = reviews[{file, *turn_number, code}];
            std::string decision = status.empty() ? "" : status.starts_with("accept") ? "accept" : "reject";
            if (!decision.empty() && !review.decision.empty() && review.decision != decision) {
              row_error(r, fmt::format("row {} reviews the same code on turn {} differently", table.Where(review.row).row, *turn_number),
                        "a review is per turn and code: give all its rows the same status");
              continue;
            }
            if (!decision.empty()) review.decision = decision, review.row = r;
            if (!memo.empty() && review.memo.find(memo) == std::string::npos) {
              review.memo += (review.memo.empty() ? "" : " | ") + memo;
            }
            continue;
          }
          if (!row_coder.empty() && row_coder != coder) {
            ++result.other_coders;
            continue;
          }
          // The researcher's own coding: its span from start/end, else from its text, else the whole turn.
          const std::string start = CollapseWhitespace(field("start")), end = CollapseWhitespace(field("end"));
          SpanRequest place{.words = field("text")};
          if (!start.empty() || !end.empty()) {
            std::optional<int> s = Number(start), e = Number(end);
            if (!s || !e) {
              row_error(r, fmt::format("start '{}' and end '{}' are not a stretch of turn {}", start, end, *turn_number),
                        "give code-point offsets as `export codings` writes them, or clear both to use the text column");
              continue;
            }
            place.start = *s, place.end = *e;
          }
          work.span = PlaceSpan(turn->text, *turn_number, place);
          const std::string valence = CollapseWhitespace(field("valence"));
          if (valence != "" && valence != "+" && valence != "-") {
            row_error(r, fmt::format("valence '{}' is not + or -", valence));
            continue;
          }
          work.valence = valence.empty() ? DefaultSign(ParseValence(code_valence[code]).value_or(Valence::kNeutral)) : valence[0];
          if (status.empty() || status == "manual" || status == "added") {
            work.kind = ManualWork::Kind::kCode;
            store.AddManual(work);
            ++result.added;
            if (!memo.empty()) ++result.memos;
          } else if (status == "removed" || status == "remove" || status == "deleted") {
            work.kind = ManualWork::Kind::kCode;
            result.removed += store.RemoveManual(work);
          } else {
            row_error(r, fmt::format("status '{}' of your own coding is not empty or removed", status));
          }
        } catch (const Error& error) {
          row_error(r, error.message(), error.hint());
        }
      }
      for (const auto& [key, review] : reviews) {
        const auto& [file, turn, code] = key;
        ManualWork work{.coder = coder, .file = file, .turn = turn, .code = code, .memo = review.memo};
        if (review.decision.empty()) {  // no status on any of its rows: the researcher's review is withdrawn
          for (auto kind : {ManualWork::Kind::kAccept, ManualWork::Kind::kReject}) {
            work.kind = kind;
            result.withdrawn += store.RemoveManual(work);
          }
          if (review.memo.empty()) continue;
          work.kind = ManualWork::Kind::kMemo;
        } else {
          work.kind = review.decision == "accept" ? ManualWork::Kind::kAccept : ManualWork::Kind::kReject;
          ++(review.decision == "accept" ? result.accepted : result.rejected);
        }
        store.AddManual(work);
        if (!review.memo.empty()) ++result.memos;
      }
      if (!result.errors.empty()) throw result.errors.front();  // roll everything back
    });
  } catch (const Error& error) {
    if (result.errors.empty()) throw;
  }
  if (!result.errors.empty()) {
    CodingsImport failed;
    failed.rows = result.rows;
    failed.errors = std::move(result.errors);
    return failed;
  }
  return result;
}

void WriteCodingsImport(const CodingsImport& result, const std::string& csv, const std::string& coder,
                        std::ostream& out) {
  if (!result.errors.empty()) {
    for (const Error& e : result.errors) out << "error: " << e.what() << "\n";
    out << fmt::format("{}: {} bad row(s); nothing was imported. Fix them and import the file again.\n", csv,
                       result.errors.size());
    return;
  }
  out << fmt::format(
      "{}: {} rows as {}: {} accepted, {} rejected, {} reviews withdrawn, {} own codings added or kept, {} removed, "
      "{} memos; {} rows of other coders left alone\n",
      csv, result.rows, coder, result.accepted, result.rejected, result.withdrawn, result.added, result.removed,
      result.memos, result.other_coders);
}

}  // namespace kansrijk
