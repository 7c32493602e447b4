// The one exception type of kansrijk. It says where the problem is, what it is, and what to do.
//
//   throw Error({path, 14}, "cue has no end time", "write it as 00:01:02.000 --> 00:01:05.000");
//   what() == "corpus/2021/fg.vtt:14: cue has no end time (hint: write it as ...)"
//
// It goes up to the user, so it is caught only where it is reported or made more useful:
//   - main() and the CLI's commands, which print it (file:line: message (hint: ...)) and set the exit status;
//   - the per-document loop in pipeline/ingest.cc: the document is reported and the other documents go on;
//   - where every problem is collected rather than the first only: CheckCodebook (code/coder.h), the manifest
//     (ingest/corpus.cc) and the rows of an imported codings sheet (exchange/codings_csv.h);
//   - where the store adds what the user needs: the database's name (Store::Open), the query's hint (Match).
// Broken invariants (programmer mistakes) are asserts, not Errors.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace kansrijk {

// 1-based line and column; 0 means unknown. `file` is as the user should see it (relative to the corpus root).
// CSV files give a `row` instead (the header is row 1): a quoted field may span lines, so a record is not a line.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  int row = 0;

  static Location Row(std::string file, int row) { return {std::move(file), 0, 0, row}; }

  std::string ToString() const;  // "file:line:column" or "file:row N", leaving out what is unknown
};

// A problem that does not stop the work (a warning): where it is, as for an Error, and what the user should check.
// Printed as "warning: file:line: message" (or "warning: message" when it concerns no one file).
struct Diagnostic {
  Location where;
  std::string message;

  std::string ToString() const;  // "file:line: message", leaving out what is unknown
};

class Error : public std::runtime_error {
 public:
  Error(Location where, const std::string& message, const std::string& hint = "");

  const Location& where() const { return where_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

 private:
  Location where_;
  std::string message_;
  std::string hint_;
};

}  // namespace kansrijk
