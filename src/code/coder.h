// Applies a codebook to turns: every rule of every code compiled into one matcher.
//
//   Coder coder(book, morphology);               // throws Error at the rule's file:line when a pattern is bad
//   std::vector<Coding> codings = coder.Apply(turn_text);
//   CodeTrace trace = coder.Explain(turn_text);  // also the vetoed matches, and why each valence
//
// Cost grows with the text, not with the number of codes: each word is looked up once in an index of all
// rule words (exact, stem, compound parts, and one RE2::Set for all globs), regexes run as one RE2::Set,
// and only rules whose words occur are evaluated further (phrases, proximity, exclusions, and valence: the
// negation and clause rules of code/valence.h).
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "code/codebook.h"
#include "normalize/morphology.h"
#include "segment/segment.h"

namespace kansrijk {

// One coded stretch of a turn: matches of one code that overlap are merged into one coding.
struct Coding {
  std::string code;
  Span span;                      // bytes of the original turn text
  char valence = '+';             // '+' present / works, '-' absent / a problem
  std::vector<std::string> rules; // ids of the rules that matched here, in order
  std::string valence_reason;     // the cue that decided, e.g. "negation 'geen'", or "default (barrier)"
};

// A single rule match, for explain: kept even when an exclusion vetoed it.
struct RuleMatch {
  std::string code;
  std::string rule;
  Span span;                      // bytes of the original turn text
  char valence = '+';
  std::string valence_reason;
  std::string vetoed_by;          // the exclusion that dropped it, or empty
};

struct CodeTrace {
  std::vector<RuleMatch> matches;
  std::vector<Coding> codings;
};

class Coder {
 public:
  // Compiles every rule and exclusion of `codebook`. Keeps references, not copies: `codebook` and `morphology`
  // must outlive the Coder (CheckExamples hands out pointers to its codes).
  Coder(const Codebook& codebook, const Morphology& morphology);
  Coder(Coder&&) noexcept;
  ~Coder();

  std::vector<Coding> Apply(std::string_view turn_text) const;
  // The same, for a turn segmented already: `segmented` must be SegmentTurn(turn_text) (ingest has it at hand).
  std::vector<Coding> Apply(std::string_view turn_text, const SegmentedTurn& segmented) const;
  const Codebook& codebook() const;      // the one given to the constructor
  const Morphology& morphology() const;  // the one given to the constructor
  CodeTrace Explain(std::string_view turn_text) const;

  // Every example quote of every code, and whether its own code was found in it: the codebook's self-test.
  struct ExampleResult {
    const Code* code;
    std::string example;
    bool coded;
  };
  std::vector<ExampleResult> CheckExamples() const;

 private:
  friend std::vector<Error> CheckCodebook(const Codebook& codebook, const Morphology& morphology);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Compiles the codebook like Coder does and returns every problem (bad regex, malformed near rule, an
// example its code does not find) as Errors at file:line:column.
std::vector<Error> CheckCodebook(const Codebook& codebook, const Morphology& morphology);

// `kansrijk codebook check`: loads the file, checks its structure and (when that is sound) compiles its rules
// and runs its example quotes; prints each problem on `problems` and returns false, or prints
// "FILE: ok (N codes, R rules, E examples coded as intended)" on `out` and returns true.
bool CheckCodebookFile(const std::filesystem::path& file, std::ostream& out, std::ostream& problems);

}  // namespace kansrijk
