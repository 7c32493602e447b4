// Automatic coding measured against careful human coding (a gold file such as tests/gold/gold.csv).
//
// The unit is the respondent turn: for each code, a turn is positive when the gold file lists (file, turn,
// code), and predicted positive when a stored coding of `coder` (default auto) has that code. Counted over
// every respondent turn of the documents the gold file names, or with `all_documents` of every document in
// the database (for a database filled from the gold set's corpus, where a document the coders found nothing
// in has no row in the gold file but its turns still count).
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/table.h"
#include "store/store.h"

namespace kansrijk {

struct CodeAccuracy {
  std::string code;
  int true_positive = 0, false_positive = 0, false_negative = 0, true_negative = 0;
  int valence_agree = 0;  // of the true positives, how many got the gold valence
  double precision() const;
  double recall() const;
  double f1() const;
  double kappa() const;  // Cohen's kappa of the two yes/no codings
};

// A turn where the coder and the gold file differ: a code the coder missed, one it added, or one both gave
// with another valence.
struct Disagreement {
  std::string file;
  int turn = 0;
  std::string code;
  std::string kind;        // missed, extra or valence
  char gold_valence = 0;   // 0 when the gold file does not give the code
  char coder_valence = 0;  // 0 when the coder did not give it
  std::string rules;       // the rules that coded it (rule codings), comma-separated
  std::string text;        // the turn's original text
};

struct AccuracyReport {
  int turns = 0;  // respondent turns compared
  std::vector<CodeAccuracy> codes;  // in the order the gold file first names them
  std::vector<std::string> missing_documents;  // named in the gold file, not in the database
  std::vector<Disagreement> disagreements;      // by file, turn, code
};

// A gold file as read: (file, turn, code) → valence, the codes in the order the file first names them, and the
// files it names.
struct GoldFile {
  using Key = std::tuple<std::string, int, std::string>;
  std::map<Key, char> labels;
  std::vector<std::string> codes;
  std::set<std::string> files;
};
// Reads a gold CSV (columns file,turn,code,valence; more are ignored). Throws Error naming the row for a bad row.
GoldFile ReadGoldFile(const std::filesystem::path& gold);

// What a coder (or a model) said of one (file, turn, code): how many of its codings there had each valence (the
// majority counts; '-' on a tie), and the rules (or a model's features) behind them.
struct Prediction {
  int plus = 0, minus = 0;
  std::set<std::string> rules;
};
using Predictions = std::map<GoldFile::Key, Prediction>;

// The respondent-turn codings of `coder` as predictions; CodingView::kWithModel gives the rules' codings and the
// models' suggestions as made.
Predictions CodingPredictions(const Store& store, const std::string& coder);

// `predictions` against the gold file, over the respondent turns of the documents it names (or every document).
AccuracyReport MeasureAgainstGold(const Store& store, const GoldFile& gold, const Predictions& predictions,
                                  bool all_documents = false);
// The same for a coder's codings, reading the gold CSV (columns file,turn,code,valence; more are ignored). Throws
// Error naming the row for a bad row.
AccuracyReport MeasureAgainstGold(const Store& store, const std::filesystem::path& gold, const std::string& coder = "auto",
                                  bool all_documents = false);

void WriteAccuracy(const AccuracyReport& report, std::ostream& out);  // a Markdown table

// The disagreements as a table (file, turn, code, kind, gold, coder, rules, text) for a spreadsheet: where
// to look when a figure is low. It names files and holds turn text, like the review sheet.
Table DisagreementTable(const AccuracyReport& report);
// DisagreementTable as CSV, written to `file` (atomically, 0600): `kansrijk agree --gold --disagreements FILE`.
void WriteDisagreements(const AccuracyReport& report, const std::filesystem::path& file);

}  // namespace kansrijk
