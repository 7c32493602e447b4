#include "code/suggest.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/error.h"
#include "base/utf8.h"
#include "normalize/normalize.h"
#include "segment/segment.h"

namespace kansrijk {

namespace {

// The Snowball project's Dutch stop word list (snowballstem.org/algorithms/dutch/stop.txt, BSD licence;
// PostgreSQL ships the same 101 words as tsearch_data/dutch.stop). Written out here because no Debian
// package offers it as a library, only as data files of programs we do not otherwise need.
constexpr std::string_view kSnowballDutch[] = {
    "de",     "en",      "van",   "ik",    "te",    "dat",    "die",    "in",    "een",   "hij",    "het",
    "niet",   "zijn",    "is",    "was",   "op",    "aan",    "met",    "als",   "voor",  "had",    "er",
    "maar",   "om",      "hem",   "dan",   "zou",   "of",     "wat",    "mijn",  "men",   "dit",    "zo",
    "door",   "over",    "ze",    "zich",  "bij",   "ook",    "tot",    "je",    "mij",   "uit",    "der",
    "daar",   "haar",    "naar",  "heb",   "hoe",   "heeft",  "hebben", "deze",  "u",     "want",   "nog",
    "zal",    "me",      "zij",   "nu",    "ge",    "geen",   "omdat",  "iets",  "worden", "toch",  "al",
    "waren",  "veel",    "meer",  "doen",  "toen",  "moet",   "ben",    "zonder", "kan",  "hun",    "dus",
    "alles",  "onder",   "ja",    "eens",  "hier",  "wie",    "werd",   "altijd", "doch", "wordt",  "wezen",
    "kunnen", "ons",     "zelf",  "tegen", "na",    "reeds",  "wil",    "kon",   "niets", "uw",     "iemand",
    "geweest", "andere"};

// Fillers and backchannels of spoken Dutch, as transcribers write them (after normalisation: hè → he, oké →
// oke). Not in the Snowball list, which was made for written text; a phrase with one of them ("eh subsidie")
// is noise, so unlike stop words they also rule out every phrase they are part of.
constexpr std::string_view kFillers[] = {"eh", "ehm", "uh", "uhm", "hm", "hmm", "mm", "mhm", "he", "nou", "nee",
                                         "oke", "okay", "ok"};

const std::unordered_set<std::string>& StopSet() {
  static const std::unordered_set<std::string> set(DutchStopWords().begin(), DutchStopWords().end());
  return set;
}

const std::unordered_set<std::string>& FillerSet() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    for (std::string_view word : kFillers) out.insert(Normalize(word).text);
    return out;
  }();
  return set;
}

bool HasDigit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSingleCodePoint(std::string_view word) { return CodePointOffset(word, word.size()) <= 1; }

// What a word can be part of: a single-word suggestion, a phrase (with one content word), or neither.
struct WordClass {
  bool stop = false;      // a stop word: no single-word suggestion, a phrase needs another word
  bool excluded = false;  // a number, single letter or filler: in no suggestion at all
};

WordClass Classify(std::string_view word) {
  WordClass c;
  c.excluded = HasDigit(word) || IsSingleCodePoint(word) || FillerSet().contains(std::string(word));
  c.stop = c.excluded || StopSet().contains(std::string(word));
  return c;
}

struct Word {
  std::string_view text;  // into the normalised text
  Span original;          // bytes of the original turn text
  int clause = 0;         // words of one clause may form a phrase
};

// The counted words of a turn, as the coder sees them: annotations left out, and a new clause after a
// sentence end or any punctuation, so that phrases never span either.
std::vector<Word> Words(const SegmentedTurn& segmented) {
  const NormalizedText& n = segmented.normalized;
  const std::vector<Span>& sentences = segmented.sentences;
  std::vector<Word> words;
  int clause = 0, previous_sentence = 0;
  uint32_t previous_end = 0;
  for (const Token& token : Tokenize(n.text)) {
    Word word{token.text, n.to_original.ToOriginal(token.span)};
    bool annotated = std::any_of(segmented.annotations.begin(), segmented.annotations.end(), [&](const Span& a) {
      return word.original.begin >= a.begin && word.original.end <= a.end;
    });
    if (annotated) {
      previous_end = token.span.end;
      ++clause;  // "geld [lacht] subsidie" is no phrase
      continue;
    }
    auto sentence = std::upper_bound(sentences.begin(), sentences.end(), word.original.begin,
                                     [](uint32_t b, const Span& s) { return b < s.begin; });
    int sentence_index = static_cast<int>(sentence - sentences.begin());
    std::string_view between = std::string_view(n.text).substr(previous_end, token.span.begin - previous_end);
    if (!words.empty() && (sentence_index != previous_sentence ||
                           between.find_first_not_of(' ') != std::string_view::npos)) {
      ++clause;
    }
    word.clause = clause;
    previous_end = token.span.end;
    previous_sentence = sentence_index;
    words.push_back(word);
  }
  return words;
}

struct TermCounts {
  int words = 1;
  int64_t target_tokens = 0, reference_tokens = 0;
  int target_turns = 0, reference_turns = 0;
  size_t last_turn = SIZE_MAX;            // the turn (target, then reference numbering) last counted
  std::vector<std::pair<size_t, Span>> examples;  // target turn, original bytes
};

struct Tally {
  std::unordered_map<std::string, TermCounts> terms;
  int64_t target_words = 0, reference_words = 0;      // totals for single words
  int64_t target_phrases = 0, reference_phrases = 0;  // totals for phrases (adjacent pairs)
};

// Counts one turn's words and phrases. Target turns add terms; reference turns only count terms the target
// has (a term absent from the target cannot be over-represented there), but every word for the totals.
void CountTurn(std::string_view text, size_t turn, bool target, size_t target_size, const SuggestOptions& options,
               Tally& tally) {
  SegmentedTurn segmented = SegmentTurn(text);
  std::vector<Word> words = Words(segmented);  // views into segmented
  std::vector<WordClass> classes;
  classes.reserve(words.size());
  for (const Word& w : words) classes.push_back(Classify(w.text));
  size_t numbered = target ? turn : target_size + turn;
  auto count = [&](std::string key, int n_words, Span original) {
    TermCounts* counts;
    if (target) {
      counts = &tally.terms[std::move(key)];
    } else {
      auto it = tally.terms.find(key);
      if (it == tally.terms.end()) return;
      counts = &it->second;
    }
    counts->words = n_words;
    (target ? counts->target_tokens : counts->reference_tokens)++;
    if (counts->last_turn == numbered) return;
    counts->last_turn = numbered;
    (target ? counts->target_turns : counts->reference_turns)++;
    if (target && static_cast<int>(counts->examples.size()) < options.max_examples) {
      counts->examples.emplace_back(turn, original);
    }
  };
  for (size_t i = 0; i < words.size(); ++i) {
    (target ? tally.target_words : tally.reference_words)++;
    if (!classes[i].stop) count(std::string(words[i].text), 1, words[i].original);
    if (!options.phrases || i == 0 || words[i - 1].clause != words[i].clause) continue;
    (target ? tally.target_phrases : tally.reference_phrases)++;
    const WordClass &a = classes[i - 1], &b = classes[i];
    if (a.excluded || b.excluded || (a.stop && b.stop)) continue;
    std::string key;
    key.reserve(words[i - 1].text.size() + 1 + words[i].text.size());
    key.append(words[i - 1].text).append(" ").append(words[i].text);
    count(std::move(key), 2, {words[i - 1].original.begin, words[i].original.end});
  }
}

double XLogXOverE(double x, double e) { return x > 0 ? x * std::log(x / e) : 0.0; }

}  // namespace

const std::vector<std::string>& DutchStopWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (std::string_view w : kSnowballDutch) out.push_back(Normalize(w).text);
    for (std::string_view w : kFillers) out.push_back(Normalize(w).text);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return words;
}

double KeynessG2(int64_t target_count, int64_t target_total, int64_t reference_count, int64_t reference_total) {
  if (target_count < 0 || target_count > target_total || reference_count < 0 || reference_count > reference_total) {
    throw Error({}, "KeynessG2: counts must lie between 0 and their totals, got " + std::to_string(target_count) +
                        " of " + std::to_string(target_total) + " and " + std::to_string(reference_count) + " of " +
                        std::to_string(reference_total));
  }
  if (target_total == 0 || reference_total == 0) return 0;
  // The 2x2 table: a, b the term in target and reference; c, d the other tokens.
  double a = static_cast<double>(target_count), b = static_cast<double>(reference_count);
  double c = static_cast<double>(target_total - target_count), d = static_cast<double>(reference_total - reference_count);
  double n = a + b + c + d;
  double term = a + b, other = c + d, target = a + c, reference = b + d;
  double ea = term * target / n, eb = term * reference / n, ec = other * target / n, ed = other * reference / n;
  double g2 = 2 * (XLogXOverE(a, ea) + XLogXOverE(b, eb) + XLogXOverE(c, ec) + XLogXOverE(d, ed));
  g2 = std::max(g2, 0.0);  // rounding can leave -1e-16 for a table without association
  return a < ea ? -g2 : g2;
}

double ChiSquare1Tail(double x) { return std::erfc(std::sqrt(std::fabs(x) / 2)); }

std::vector<TermSuggestion> SuggestTerms(std::span<const std::string_view> target_turns,
                                         std::span<const std::string_view> reference_turns, const Coder& coder,
                                         std::string_view code_id, const SuggestOptions& options) {
  Tally tally;
  for (size_t i = 0; i < target_turns.size(); ++i) CountTurn(target_turns[i], i, true, target_turns.size(), options, tally);
  for (size_t i = 0; i < reference_turns.size(); ++i) {
    CountTurn(reference_turns[i], i, false, target_turns.size(), options, tally);
  }

  std::vector<TermSuggestion> suggestions;
  for (const auto& [term, c] : tally.terms) {
    if (c.target_turns < options.min_target_turns) continue;
    bool phrase = c.words == 2;
    double g2 = KeynessG2(c.target_tokens, phrase ? tally.target_phrases : tally.target_words, c.reference_tokens,
                          phrase ? tally.reference_phrases : tally.reference_words);
    if (!(g2 > 0)) continue;
    TermSuggestion s;
    s.term = term;
    s.words = c.words;
    s.target_tokens = c.target_tokens;
    s.reference_tokens = c.reference_tokens;
    s.target_turns = c.target_turns;
    s.reference_turns = c.reference_turns;
    s.g2 = g2;
    s.p = ChiSquare1Tail(g2);
    suggestions.push_back(std::move(s));
  }
  std::sort(suggestions.begin(), suggestions.end(), [](const TermSuggestion& x, const TermSuggestion& y) {
    return x.g2 != y.g2 ? x.g2 > y.g2 : x.term < y.term;
  });
  if (options.limit >= 0 && suggestions.size() > static_cast<size_t>(options.limit)) suggestions.resize(options.limit);

  for (TermSuggestion& s : suggestions) {
    for (const auto& [turn, span] : tally.terms.at(s.term).examples) {
      Kwic kwic = KeywordInContext(target_turns[turn], span, options.context_chars);
      s.examples.push_back({turn, span, std::move(kwic.left), std::move(kwic.text), std::move(kwic.right)});
    }
    for (const Coding& coding : coder.Apply(s.term)) {
      if (coding.code == code_id) {
        s.covered = true;
      } else if (std::find(s.other_codes.begin(), s.other_codes.end(), coding.code) == s.other_codes.end()) {
        s.other_codes.push_back(coding.code);
      }
    }
  }
  return suggestions;
}

std::vector<size_t> MissedTurns(std::span<const std::string_view> target_turns, const Coder& coder,
                                std::string_view code_id) {
  std::vector<size_t> missed;
  for (size_t i = 0; i < target_turns.size(); ++i) {
    std::vector<Coding> codings = coder.Apply(target_turns[i]);
    if (std::none_of(codings.begin(), codings.end(), [&](const Coding& c) { return c.code == code_id; })) {
      missed.push_back(i);
    }
  }
  return missed;
}

}  // namespace kansrijk
