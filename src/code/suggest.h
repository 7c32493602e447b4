// Help for writing a code's rules: the words and two-word phrases that the turns a human coded C use more
// than the other respondent turns, ranked by log-likelihood keyness; and the coded turns the rules miss.
//
//   SuggestTerms(coded, others, coder, "financiering")
//   → {term "subsidie", target 6 tokens in 5 turns, reference 1 in 1, g2 = 6.81, p = 0.0091, covered = true,
//      examples {"Eh, we kregen een " "Subsidie" " van de gemeente, maar die is op.…", ...}},
//     {term "projectaanvraag", ..., covered = false}, {term "regels", ..., other_codes {"wet-en-regelgeving"}}, ...
//   MissedTurns(coded, coder, "financiering") → {2, 7}: coded turns in which the rules find no financiering
//
// Terms are counted as the codebook sees words: each turn through SegmentTurn (Normalize: case, diacritics,
// hyphenation) and Tokenize, words inside transcriber's annotations ([lacht]) left out, and a two-word phrase
// only where nothing but a space stands between the words (no punctuation, same sentence). Dutch stop words,
// fillers (eh, ehm), numbers and single letters are not suggested. Pure functions: no I/O, no state, the same
// input gives the same output in the same order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "code/coder.h"

namespace kansrijk {

struct SuggestOptions {
  int min_target_turns = 3;  // a term must occur in at least this many target turns
  int max_examples = 3;      // keyword-in-context examples per term: the first target turns that have it
  int context_chars = 60;    // code points of context on each side of an example
  bool phrases = true;       // also two-word phrases
  int limit = -1;            // the best this many suggestions; -1 = all
};

// One occurrence of a term in a target turn, cut from the original text (capitals and diacritics as written).
struct TermExample {
  size_t turn = 0;     // index into the target turns
  Span match;          // bytes of that turn's original text
  std::string left;    // whitespace collapsed, "…" where cut (see KeywordInContext in base/utf8.h)
  std::string text;    // the term as written there
  std::string right;
};

struct TermSuggestion {
  std::string term;              // normalised words, one space between: "subsidie", "geen geld"
  int words = 1;                 // 1 or 2
  int64_t target_tokens = 0;     // occurrences in the target turns
  int64_t reference_tokens = 0;  // occurrences in the reference turns
  int target_turns = 0;          // target turns containing it
  int reference_turns = 0;
  double g2 = 0;                 // KeynessG2 on the token counts; > 0 for every suggestion
  double p = 1;                  // ChiSquare1Tail(g2)
  std::vector<TermExample> examples;
  bool covered = false;                  // coder.Apply(term) yields the code: the codebook already has it
  std::vector<std::string> other_codes;  // the other codes coder.Apply(term) yields, in codebook order
};

// Terms over-represented in `target_turns` (the original texts of the respondent turns a human coded
// `code_id`) compared with `reference_turns` (all other respondent turns): those with g2 > 0 and in at least
// options.min_target_turns target turns, sorted by g2 descending, then by term (bytewise).
// Keyness is computed separately for single words and for phrases: the totals are the counted words of each
// set (every word outside annotations, stop words included) for single words, and the adjacent word pairs for
// phrases. `code_id` should be a code of the coder's codebook (check it with Codebook::Find): for any other id
// nothing is `covered`.
std::vector<TermSuggestion> SuggestTerms(std::span<const std::string_view> target_turns,
                                         std::span<const std::string_view> reference_turns, const Coder& coder,
                                         std::string_view code_id, const SuggestOptions& options = {});

// The indices (ascending) of the target turns in which coder.Apply finds no `code_id`: what the rules miss.
std::vector<size_t> MissedTurns(std::span<const std::string_view> target_turns, const Coder& coder,
                                std::string_view code_id);

// Log-likelihood keyness of a term that occurs `target_count` times among `target_total` tokens of the
// target and `reference_count` times among `reference_total` tokens of the reference. With the 2x2 table of
// observed counts O = (term, other tokens) × (target, reference) and expected counts E = row total · column
// total / N:
//   G2 = 2 · Σ O · ln(O / E)   over all four cells (0 · ln 0 = 0),
// negative when the term is under-represented in the target (target_count below its expected count), 0 when
// either total is 0. KeynessG2(10, 1000, 5, 2000) == 6.969192, p = 0.008292.
// This is Dunning's (1993) likelihood ratio without continuity correction. It equals quanteda's
// textstat_keyness(measure = "lr", correction = "none") (up to the 1e-9 quanteda adds inside its logarithms);
// quanteda's default correction applies Yates' ±0.5 when an expected count is below 5 and |ad − bc| > N/2,
// which we do not. Rayson & Garside (2000) and UCREL's log-likelihood calculator sum over the term's two cells
// only, which gives slightly less (6.931 for the example). Counts must satisfy 0 ≤ count ≤ total (else Error).
// Dunning T (1993), Comput Linguist 19:61–74; Rayson P, Garside R (2000), Proc. Workshop on Comparing
// Corpora, ACL, 1–6.
double KeynessG2(int64_t target_count, int64_t target_total, int64_t reference_count, int64_t reference_total);

// The upper tail P(X ≥ x) of a chi-square distribution with 1 degree of freedom, as R's
// pchisq(x, 1, lower.tail = FALSE): X = Z² for a standard normal Z, so P = 2·Φ(−√x) = erfc(√(x/2)).
// Applied to |x|, so a negative (signed) G2 gives the p-value of its size. ChiSquare1Tail(3.841459) == 0.05.
// Abramowitz M, Stegun IA (1964), Handbook of Mathematical Functions, 26.4.4.
double ChiSquare1Tail(double x);

// The stop words not suggested as single words (and not as phrases made of them only): the Snowball Dutch
// stop word list plus speech fillers, normalised. Sorted.
const std::vector<std::string>& DutchStopWords();

}  // namespace kansrijk
