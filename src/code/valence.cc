#include "code/valence.h"

#include <algorithm>
#include <cassert>
#include <set>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "normalize/normalize.h"

namespace kansrijk {

namespace {

// Cue words (docs/codebook.md, "Valence and negation"). All normalised (no diacritics). Asked for every word of a
// turn: a hash and one compare, not the string compares of a search tree.
using WordSet = std::unordered_set<std::string_view>;
const WordSet kNegators = {
    "geen", "niet", "nooit", "niemand", "niets", "nergens", "zonder", "nauwelijks", "amper", "onvoldoende",
    "noch", "geenszins", "weinig", "ontbreekt", "ontbreken", "ontbrak", "ontbraken", "mist", "missen", "miste", "misten"};
// Dutch puts these late ("we hebben de financiering nog niet rond"), so they also apply after the match.
const WordSet kBackwardNegators = {"niet", "ontbreekt", "ontbreken", "ontbrak", "ontbraken",
                                                              "mist", "missen", "miste", "misten", "nergens"};
const std::vector<std::vector<std::string_view>> kNegatorPhrases = {
    {"te", "weinig"}, {"gebrek", "aan"}, {"tekort", "aan"}, {"niet", "genoeg"}, {"niet", "voldoende"}, {"geen", "enkele"}};
const std::vector<std::vector<std::string_view>> kPseudoNegations = {
    {"niet", "alleen"}, {"niet", "voor", "niets"}, {"of", "niet"}, {"niet", "eens"}};
// Spoken and formal (policy, parliament) Dutch: "de financiering is ontoereikend", "het tekort is nijpend",
// "helaas", "er is meer geld nodig" (a wish: the factor is lacking now).
const WordSet kProblemWords = {
    "probleem", "problemen", "probleempje", "knelpunt", "knelpunten", "lastig", "lastiger", "moeilijk", "moeilijker",
    "onzeker", "onzekere", "onzekerheid", "tijdelijk", "tijdelijke", "stopt", "stoppen", "gestopt", "afloopt",
    "aflopen", "krap", "krapper", "beperkt", "beperkte", "kwijt", "tekort", "tekorten", "gebrek", "ontoereikend",
    "ontoereikende", "zorgen", "drempel", "drempels", "obstakel", "obstakels", "hindert", "belemmert", "belemmering",
    "lastige", "moeilijke", "probleemloos", "nijpend", "nijpende", "zorgelijk", "zorgelijke", "zorgwekkend",
    "zorgwekkende", "schrijnend", "schrijnende", "onhoudbaar", "onhoudbare", "helaas", "jammer", "struikelblok",
    "struikelblokken", "onduidelijk", "onduidelijke", "onduidelijkheid", "wachtlijst", "wachtlijsten", "gekort",
    "korting", "kortingen", "nodig", "issue", "issues", "drama", "moe"};
const std::vector<std::string_view> kProblemPrefixes = {"bezuinig", "belemmer", "knel", "versnipper", "tekortschiet"};
// Words that say the factor is there or a problem is solved: "de financiering is geborgd", "is geregeld",
// "de vacatures zijn ingevuld", "er is geld vrijgemaakt".
const WordSet kPositiveWords = {
    "genoeg", "voldoende", "ruim", "ruimschoots", "structureel", "structurele", "prima", "gelukkig", "goed", "sterk",
    "sterke", "toereikend", "toereikende", "afdoende", "geborgd", "gewaarborgd", "geregeld", "opgelost", "verlengd",
    "vrijgemaakt", "vrijgespeeld", "uitgetrokken", "toegezegd", "ingevuld", "vervuld", "optimistisch", "scheelt",
    "geholpen", "helpt", "gekregen", "ontvangen", "beschikbaar", "mooi", "blij", "meevalt", "meeviel", "rust"};
// Modals of wish: a positive word after them is wished for, not there.
const WordSet kWishWords = {"moet", "moeten", "zou", "zouden", "zal", "zullen", "hoop", "hopen", "vertrouw"};
// Modals that ask for what is not there yet ("zal" and "zullen" only foretell, so they are not among them).
const WordSet kDemandWords = {"moet", "moeten", "zou", "zouden", "hoop", "hopen"};
// Words that say an absence or a problem was resolved: "de vacatures zijn ingevuld".
const WordSet kResolvedWords = {"opgelost", "ingevuld", "vervuld", "verholpen", "weggewerkt",
                                                           "verzacht", "teruggedraaid", "afgewend"};
const WordSet kClauseTerminators = {"maar", "echter", "hoewel", "behalve", "terwijl", "want"};

bool IsProblemWord(std::string_view word) {
  if (word == "probleemloos") return false;
  if (kProblemWords.contains(word)) return true;
  return std::any_of(kProblemPrefixes.begin(), kProblemPrefixes.end(), [&](auto p) { return word.starts_with(p); });
}

// Whether `phrase` stands at word `at`, all of it in one clause.
bool PhraseAt(const std::vector<ClauseWord>& words, int at, const std::vector<std::string_view>& phrase) {
  if (at < 0 || at + static_cast<int>(phrase.size()) > static_cast<int>(words.size())) return false;
  for (size_t i = 0; i < phrase.size(); ++i) {
    if (words[at + i].text != phrase[i] || words[at + i].clause != words[at].clause) return false;
  }
  return true;
}

}  // namespace

std::vector<TurnWord> TurnWords(const SegmentedTurn& turn) {
  const NormalizedText& n = turn.normalized;
  std::vector<TurnWord> words;
  uint32_t previous_end = 0;
  int clause = 0, previous_sentence = 0;
  for (const TokenAt& token : turn.tokens) {
    TurnWord word{std::string_view(n.text).substr(token.normalized.begin, token.normalized.size()), token.normalized,
                  token.original};
    bool annotated = std::any_of(turn.annotations.begin(), turn.annotations.end(), [&](const Span& a) {
      return word.original.begin >= a.begin && word.original.end <= a.end;
    });
    if (annotated) continue;
    auto sentence = std::upper_bound(turn.sentences.begin(), turn.sentences.end(), word.original.begin,
                                     [](uint32_t b, const Span& s) { return b < s.begin; });
    word.sentence = static_cast<int>(sentence - turn.sentences.begin());
    std::string_view between = std::string_view(n.text).substr(previous_end, token.normalized.begin - previous_end);
    if (!words.empty() && StartsClause(word.text, word.sentence != previous_sentence, between)) ++clause;
    word.clause = clause;
    previous_end = token.normalized.end;
    previous_sentence = word.sentence;
    words.push_back(word);
  }
  return words;
}

bool StartsClause(std::string_view word, bool new_sentence, std::string_view between) {
  return new_sentence || between.find_first_of(",;:.!?") != std::string_view::npos || kClauseTerminators.contains(word);
}

TurnValence::TurnValence(const std::vector<ClauseWord>& words) : words_(words), pseudo_(words.size(), false) {
  for (int w = 0; w < static_cast<int>(words.size()); ++w) {
    for (const auto& p : kPseudoNegations) {
      if (PhraseAt(words, w, p)) {
        for (size_t i = 0; i < p.size(); ++i) pseudo_[w + i] = true;
      }
    }
  }
}

std::vector<bool> NegationScope(const std::vector<ClauseWord>& words) {
  const int n = static_cast<int>(words.size());
  TurnValence pseudo(words);
  std::vector<bool> scope(n, false), cue(n, false);
  for (int w = 0; w < n; ++w) {
    if (pseudo.pseudo_[w]) continue;
    int last = w;
    for (const auto& p : kNegatorPhrases) {
      if (PhraseAt(words, w, p)) last = w + static_cast<int>(p.size()) - 1;
    }
    if (last == w && !kNegators.contains(words[w].text)) continue;
    for (int c = w; c <= last; ++c) cue[c] = true;
    for (int s = last + 1; s < n && s <= last + 5 && words[s].clause == words[w].clause; ++s) scope[s] = true;
    if (kBackwardNegators.contains(words[w].text)) {
      for (int s = w - 1; s >= 0 && s >= w - 5 && words[s].clause == words[w].clause; --s) scope[s] = true;
    }
    w = last;
  }
  for (int w = 0; w < n; ++w) scope[w] = scope[w] && !cue[w];
  return scope;
}

// The negation cues depend on the match (its clauses, and the words outside it), so they are found per match.
ValenceDecision TurnValence::Decide(int first, int last, Rule::Means means, Valence code_valence) const {
  const std::vector<ClauseWord>& words = words_;
  assert(0 <= first && first <= last && last < static_cast<int>(words.size()));
  int polarity = means == Rule::Means::kAbsence ? -1 : +1;
  bool decided = means != Rule::Means::kPresence;
  std::string reason = means == Rule::Means::kAbsence   ? "the rule means absence"
                       : means == Rule::Means::kResolved ? "the rule means resolved"
                                                         : "";
  const int clause = words[first].clause, last_clause = words[last].clause;
  auto in_clause = [&](int w) {
    return w >= 0 && w < static_cast<int>(words.size()) && words[w].clause >= clause && words[w].clause <= last_clause;
  };
  auto in_match = [&](int w) { return w >= first && w <= last; };
  // The words of the match's clauses are [lo, hi]: clause numbers only grow along a turn (TurnWords), so the loops
  // over them below need not run over the whole turn for each match (long turns have many matches).
  int lo = first, hi = last;
  while (lo > 0 && words[lo - 1].clause >= clause) --lo;
  while (hi + 1 < static_cast<int>(words.size()) && words[hi + 1].clause <= last_clause) ++hi;
  // Negation cues, as (first word, last word) ranges, leaving out pseudo-negations.
  std::vector<std::pair<int, int>> negators;
  for (int w = lo; w <= hi; ++w) {
    if (!in_clause(w) || in_match(w) || pseudo_[w]) continue;
    bool phrase = false;
    for (const auto& p : kNegatorPhrases) {
      int end = w + static_cast<int>(p.size()) - 1;
      if (PhraseAt(words, w, p) && !in_match(end)) {
        negators.emplace_back(w, end);
        w = end;
        phrase = true;
        break;
      }
    }
    if (!phrase && kNegators.contains(words[w].text)) negators.emplace_back(w, w);
  }
  // 1. Problem words, and negated problem words ("geen probleem") which use up their negation.
  std::set<int> used;
  bool problem = false, solved = false;
  std::string problem_word;
  for (int w = lo; w <= hi; ++w) {
    if (!in_clause(w) || in_match(w) || !IsProblemWord(words[w].text)) continue;
    auto negation = std::find_if(negators.begin(), negators.end(), [&](auto n) { return n.second < w && w - n.second <= 2; });
    if (negation != negators.end()) {
      used.insert(negation->first);
      solved = true;
      problem_word = std::string(words[negation->first].text) + " " + std::string(words[w].text);
    } else if (!problem) {
      problem = true;
      problem_word = std::string(words[w].text);
    }
  }
  if (problem && polarity > 0) {
    polarity = -1;
    decided = true;
    reason = "problem word '" + problem_word + "'";
  } else if (solved) {
    decided = true;
    if (reason.empty()) reason = "negated problem '" + problem_word + "'";
  }
  // 1b. A compound whose head is a problem ("financieringsprobleem", "personeelstekort") says absence by itself.
  if (polarity > 0) {
    for (int w = first; w <= last; ++w) {
      std::string_view word = words[w].text;
      for (std::string_view head : {"probleem", "problemen", "tekort", "tekorten", "knelpunt", "knelpunten", "gebrek"}) {
        if (word.size() > head.size() + 3 && word.ends_with(head)) {
          polarity = -1;
          decided = true;
          reason = "compound '" + std::string(word) + "'";
        }
      }
    }
  }
  // 1c. An absence that is resolved ("de vacatures zijn ingevuld") is '+'; a negated resolution ("niet
  // ingevuld") keeps it '-' and uses up its negation.
  if (polarity < 0 && !problem) {
    for (int w = last + 1; w < static_cast<int>(words.size()) && in_clause(w) && w - last <= 8; ++w) {
      if (!kResolvedWords.contains(words[w].text)) continue;
      auto negation = std::find_if(negators.begin(), negators.end(), [&](auto n) { return n.second < w && w - n.second <= 3; });
      if (negation != negators.end()) {
        used.insert(negation->first);
      } else {
        polarity = +1;
        reason = "resolved '" + std::string(words[w].text) + "'";
        used.insert(-1);
        for (auto n : negators) used.insert(n.first);  // the resolution settles it
      }
      break;
    }
  }
  // 2. A negation or absence cue that applies to the match flips it (once).
  for (auto [cue_first, cue_last] : negators) {
    if (used.contains(cue_first)) continue;
    bool before = cue_last < first && first - cue_last <= 5;
    bool after = cue_first > last && cue_first - last <= 5 && kBackwardNegators.contains(words[cue_first].text);
    if (!before && !after) continue;
    polarity = -polarity;
    decided = true;
    std::string cue;
    for (int w = cue_first; w <= cue_last; ++w) cue += (cue.empty() ? "" : " ") + std::string(words[w].text);
    reason = "negation '" + cue + "'";
    break;
  }
  // 3. A positive word settles a presence; negated ("geen goed gedaan") it is a problem. After a modal of wish
  // ("er moet voldoende budget komen") it says nothing: the thing is wished for, not there.
  if (!decided) {
    bool wish = false;
    for (int w = lo; w <= hi; ++w) {
      if (!in_clause(w) || in_match(w)) continue;
      if (kWishWords.contains(words[w].text)) wish = true;
      if (!kPositiveWords.contains(words[w].text) || wish) continue;
      decided = true;
      if (w > 0 && words[w - 1].clause == words[w].clause && kNegators.contains(words[w - 1].text)) {
        polarity = -polarity;
        reason = "negated '" + std::string(words[w - 1].text) + " " + std::string(words[w].text) + "'";
      } else {
        reason = "positive word '" + std::string(words[w].text) + "'";
      }
      break;
    }
  }
  // 3b. Still undecided, a presence after a modal of wish in its clause is wished for, so missing now: "de
  // gemeenten moeten de regie nemen", "er zou een trekker moeten komen" (tests/gold/README.md, decision 4).
  if (!decided && polarity > 0) {
    for (int w = lo; w < first; ++w) {
      if (in_clause(w) && kDemandWords.contains(words[w].text)) {
        return {'-', "wish '" + std::string(words[w].text) + "'"};
      }
    }
  }
  // 4. Undecided: the nearest cue after the match in its sentence or the next one (not negated: a negated cue
  // there may be about something else).
  if (!decided) {
    for (int w = last + 1; w < static_cast<int>(words.size()) && words[w].sentence <= words[last].sentence + 1; ++w) {
      if (pseudo_[w] || (w > 0 && kNegators.contains(words[w - 1].text))) continue;
      if (IsProblemWord(words[w].text)) return {'-', "problem word '" + std::string(words[w].text) + "' after it"};
      if (kPositiveWords.contains(words[w].text)) {
        return {polarity > 0 ? '+' : '-', "positive word '" + std::string(words[w].text) + "' after it"};
      }
    }
  }
  if (!decided) return {DefaultSign(code_valence), std::string("default (") + ToString(code_valence) + ")"};
  return {polarity > 0 ? '+' : '-', reason};
}

}  // namespace kansrijk
