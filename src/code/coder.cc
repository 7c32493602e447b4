#include "code/coder.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include "base/recent_words.h"
#include "base/word_table.h"
#include "code/valence.h"
#include "normalize/normalize.h"
#include "segment/segment.h"

namespace kansrijk {

namespace {

// ---- Compiled patterns -------------------------------------------------------------------------------

// One word of a pattern: "geld" (exact, or by stem), "financ*", "*tekort", "*privacy*".
struct Atom {
  enum Kind { kExact, kPrefix, kSuffix, kInfix } kind = kExact;
  std::string text;  // normalised
  bool stem = false;
  std::tuple<int, std::string, bool> Key() const { return {kind, text, stem}; }
};

// Words in order; gaps[i] = {min, max} other words allowed between word i and word i + 1.
struct Phrase {
  int first = 0;  // atoms[0], kept beside the phrase: Find reads it for every phrase of a rule
  std::vector<int> atoms;
  std::vector<std::pair<int, int>> gaps;
};

struct CompiledRule {
  const kansrijk::Code* code = nullptr;
  const Rule* rule = nullptr;
  std::vector<Phrase> phrases;  // terms, phrase: any of them
  std::vector<Phrase> left, right;  // near
  int distance = 0;
  bool ordered = false;
  std::unique_ptr<RE2> regex;
  std::vector<std::pair<std::string, Phrase>> exclusions;  // (as written, compiled)
};

// ---- Words of a turn ---------------------------------------------------------------------------------

struct Word {
  std::string_view text;  // normalised
  Span normalized;
  Span original;
  int sentence = 0;
  int clause = 0;  // for the valence rules (code/valence.h: StartsClause)
  const std::vector<int>* atoms = nullptr;  // atoms this word matches, sorted (in Coder::Impl::atoms_of_word)
};

// A match as a range of words [first, last], plus the original bytes it covers.
struct WordRange {
  int first = 0, last = 0;
  Span original;
};

bool Overlaps(const WordRange& a, const WordRange& b) { return a.first <= b.last && b.first <= a.last; }

}  // namespace

struct Coder::Impl {
  const Codebook& codebook;
  const Morphology& morphology;
  std::vector<Atom> atoms;
  std::map<std::tuple<int, std::string, bool>, int> atom_ids;
  std::unordered_map<std::string, std::vector<int>> exact_atoms;  // word → atoms
  std::unordered_map<std::string, std::vector<int>> stem_atoms;   // stem → atoms
  std::unique_ptr<RE2::Set> globs;                                // one pattern per glob atom
  std::vector<int> glob_atom;                                     // glob pattern index → atom
  std::unique_ptr<RE2::Set> regexes;                              // one pattern per regex rule
  std::vector<int> regex_rule;                                    // regex pattern index → rule
  std::vector<CompiledRule> rules;
  std::vector<std::vector<int>> rules_of_atom;
  std::map<std::string, int, std::less<>> code_order;  // code id → its place in the codebook

  // Lookup's answer per distinct word, shared by the threads that code: the same word matches the same atoms
  // in every turn, and most words of a corpus repeat (Zipf), so each is looked up once per run.
  mutable WordTable<std::vector<int>> atoms_of_word;
  const uint64_t recent_owner = NewRecentWordsOwner();  // Lookup's per-thread table (base/recent_words.h)

  Impl(const Codebook& b, const Morphology& m, std::vector<Error>* problems) : codebook(b), morphology(m) {
    RE2::Options options;
    options.set_log_errors(false);
    globs = std::make_unique<RE2::Set>(options, RE2::ANCHOR_BOTH);
    regexes = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const kansrijk::Code* code : codebook.Codes()) {
      for (const Rule& rule : code->rules) {
        try {
          rules.push_back(CompileRule(*code, rule));
        } catch (const Error& error) {
          if (!problems) throw;
          problems->push_back(error);
        }
      }
    }
    for (const kansrijk::Code* code : codebook.Codes()) code_order.emplace(code->id, static_cast<int>(code_order.size()));
    if (!globs->Compile() || !regexes->Compile()) throw Error({codebook.file}, "the rules are too many for RE2 to compile");
    rules_of_atom.resize(atoms.size());
    for (size_t r = 0; r < rules.size(); ++r) {
      auto add = [&](const std::vector<Phrase>& phrases) {
        for (const Phrase& p : phrases) {
          std::vector<int>& list = rules_of_atom[p.atoms[0]];
          if (list.empty() || list.back() != static_cast<int>(r)) list.push_back(static_cast<int>(r));
        }
      };
      add(rules[r].phrases);
      add(rules[r].left);
      add(rules[r].right);
    }
  }

  int AtomId(const Atom& atom) {
    auto [it, inserted] = atom_ids.emplace(atom.Key(), static_cast<int>(atoms.size()));
    if (!inserted) return it->second;
    atoms.push_back(atom);
    if (atom.kind == Atom::kExact) {
      (atom.stem ? stem_atoms[morphology.Stem(atom.text)] : exact_atoms[atom.text]).push_back(it->second);
    } else {
      std::string quoted = RE2::QuoteMeta(atom.text);
      std::string pattern = atom.kind == Atom::kPrefix ? quoted + ".*" : atom.kind == Atom::kSuffix ? ".*" + quoted : ".*" + quoted + ".*";
      globs->Add(pattern, nullptr);
      glob_atom.push_back(it->second);
    }
    return it->second;
  }

  // "trekt {0,3} de kar", "financ*", "te weinig geld" → a phrase of atoms.
  Phrase CompilePhrase(const std::string& text, bool stem, const Rule& rule) {
    static const RE2 gap_re(R"(\{(\d+)(?:,(\d+))?\})");
    Phrase phrase;
    std::pair<int, int> pending_gap{0, 0};
    std::istringstream in(text);
    auto fail = [&](const std::string& why) {
      throw Error(rule.defined_at, fmt::format("rule {}: {} in '{}'", rule.id, why, text),
                  "write words, globs (financ*, *tekort, *privacy*) and gaps such as {0,3} between words");
    };
    for (std::string word; in >> word;) {
      int min = 0;
      std::string max;
      if (RE2::FullMatch(word, gap_re, &min, &max)) {
        if (phrase.atoms.empty()) fail("a gap cannot come first");
        pending_gap = {min, max.empty() ? min : std::stoi(max)};
        if (pending_gap.second < pending_gap.first) fail("gap {" + std::to_string(min) + "," + max + "} runs backwards");
        continue;
      }
      bool leading = word.starts_with('*'), trailing = word.size() > 1 && word.ends_with('*');
      std::string inner = word.substr(leading, word.size() - leading - trailing);
      NormalizedText normalized = Normalize(inner);
      std::vector<Token> tokens = Tokenize(normalized.text);
      if (tokens.empty()) fail("'" + word + "' has no letters or digits");
      // A word that normalises into several (niet-declarabel*) keeps its globs on its outer parts.
      for (size_t t = 0; t < tokens.size(); ++t) {
        bool glob_before = leading && t == 0, glob_after = trailing && t + 1 == tokens.size();
        Atom atom;
        atom.text = std::string(tokens[t].text);
        atom.kind = glob_before && glob_after ? Atom::kInfix
                    : glob_before             ? Atom::kSuffix
                    : glob_after              ? Atom::kPrefix
                                              : Atom::kExact;
        atom.stem = stem && atom.kind == Atom::kExact;
        if (!phrase.atoms.empty()) phrase.gaps.push_back(t == 0 ? pending_gap : std::pair{0, 0});
        phrase.atoms.push_back(AtomId(atom));
      }
      pending_gap = {0, 0};
    }
    if (phrase.atoms.empty()) fail("nothing to match");
    if (phrase.gaps.size() + 1 != phrase.atoms.size()) fail("a gap cannot come last");
    phrase.first = phrase.atoms[0];
    return phrase;
  }

  std::vector<Phrase> CompileGroup(const std::string& group, bool stem, const Rule& rule) {
    std::vector<Phrase> out;
    std::istringstream in(group);
    for (std::string item; std::getline(in, item, ',');) {
      if (item.find_first_not_of(" \t") == std::string::npos) continue;
      out.push_back(CompilePhrase(item, stem, rule));
    }
    if (out.empty()) throw Error(rule.defined_at, fmt::format("rule {}: an empty group [] in '{}'", rule.id, rule.pattern));
    return out;
  }

  CompiledRule CompileRule(const kansrijk::Code& code, const Rule& rule) {
    CompiledRule compiled;
    compiled.code = &code;
    compiled.rule = &rule;
    switch (rule.kind) {
      case RuleKind::kTerms:
        for (const std::string& term : rule.terms) compiled.phrases.push_back(CompilePhrase(term, rule.stem, rule));
        break;
      case RuleKind::kPhrase:
        compiled.phrases.push_back(CompilePhrase(rule.pattern, rule.stem, rule));
        break;
      case RuleKind::kNear: {
        static const RE2 near_re(R"(\s*\[([^\[\]]*)\]\s*(NEAR|THEN)/(\d+)\s*\[([^\[\]]*)\]\s*)");
        std::string left, op, right;
        if (!RE2::FullMatch(rule.pattern, near_re, &left, &op, &compiled.distance, &right)) {
          throw Error(rule.defined_at, fmt::format("rule {}: malformed near rule '{}'", rule.id, rule.pattern),
                      "write it as [a, b] NEAR/6 [c, d] (either order) or [a] THEN/3 [b] (in this order)");
        }
        compiled.ordered = op == "THEN";
        compiled.left = CompileGroup(left, rule.stem, rule);
        compiled.right = CompileGroup(right, rule.stem, rule);
        break;
      }
      case RuleKind::kRegex: {
        RE2::Options options;
        options.set_log_errors(false);
        compiled.regex = std::make_unique<RE2>(rule.pattern, options);
        if (!compiled.regex->ok()) {
          throw Error(rule.defined_at,
                      fmt::format("rule {}: invalid regular expression '{}': {}", rule.id, rule.pattern,
                                  compiled.regex->error()),
                      "RE2 syntax, matched against lower-case text without diacritics");
        }
        regexes->Add(rule.pattern, nullptr);
        regex_rule.push_back(static_cast<int>(rules.size()));
        break;
      }
    }
    for (const std::vector<std::string>* list : {&code.exclude, &rule.exclude}) {
      for (const std::string& exclusion : *list) {
        compiled.exclusions.emplace_back(exclusion, CompilePhrase(exclusion, false, rule));
      }
    }
    return compiled;
  }

  // ---- Matching --------------------------------------------------------------------------------------

  struct Prepared {
    SegmentedTurn own;                  // when the caller gave none
    const SegmentedTurn* segmented = nullptr;
    std::vector<Word> words;
    std::vector<std::pair<int, int>> occurrences;  // (atom, word) for every atom of every word, sorted
    std::vector<int> first_occurrence;             // per atom: its first index in `occurrences`, or -1
  };

  Prepared Prepare(std::string_view text, const SegmentedTurn* segmented) const {
    Prepared p;
    if (!segmented) {
      p.own = SegmentTurn(text);
      segmented = &p.own;
    }
    p.segmented = segmented;
    for (const TurnWord& w : TurnWords(*segmented)) {
      Word word;
      word.text = w.text;
      word.normalized = w.normalized;
      word.original = w.original;
      word.sentence = w.sentence;
      word.clause = w.clause;
      Lookup(word);
      for (int atom : *word.atoms) p.occurrences.emplace_back(atom, static_cast<int>(p.words.size()));
      p.words.push_back(std::move(word));
    }
    std::sort(p.occurrences.begin(), p.occurrences.end());
    p.first_occurrence.assign(atoms.size(), -1);
    for (size_t i = p.occurrences.size(); i-- > 0;) p.first_occurrence[p.occurrences[i].first] = static_cast<int>(i);
    return p;
  }

  // The atoms a word matches: as written, by stem, by its compound parts, and by globs; remembered per word.
  // In front of the shared table, each thread's table of the words it met last (base/recent_words.h): the shared
  // table's look-ups, its lock and the string compares were 17% of code's profile.
  void Lookup(Word& word) const {
    const size_t hash = std::hash<std::string_view>{}(word.text);
    if (const std::vector<int>* atoms = RecentWords<std::vector<int>>::Find(recent_owner, hash, word.text)) {
      word.atoms = atoms;
      return;
    }
    auto it = atoms_of_word.find(word.text);
    if (it == atoms_of_word.end()) {
      std::string text(word.text);
      std::vector<int> atoms = AtomsOf(text);
      it = atoms_of_word.emplace(std::move(text), std::move(atoms)).first;
    }
    word.atoms = &it->second;  // node-based: stays where it is while the table grows
    RecentWords<std::vector<int>>::Put(recent_owner, hash, &it->first, &it->second);
  }

  std::vector<int> AtomsOf(const std::string& text) const {
    std::vector<int> atoms;
    auto add = [&](const std::unordered_map<std::string, std::vector<int>>& index, const std::string& key) {
      auto it = index.find(key);
      if (it != index.end()) atoms.insert(atoms.end(), it->second.begin(), it->second.end());
    };
    add(exact_atoms, text);
    if (!stem_atoms.empty()) add(stem_atoms, morphology.Stem(text));
    for (const std::string& part : morphology.CompoundParts(text)) {
      add(exact_atoms, part);
      if (!stem_atoms.empty()) add(stem_atoms, morphology.Stem(part));
    }
    std::vector<int> hits;
    if (!glob_atom.empty() && globs->Match(text, &hits)) {
      for (int h : hits) atoms.push_back(glob_atom[h]);
    }
    std::sort(atoms.begin(), atoms.end());
    atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
    return atoms;
  }

  static bool Has(const Word& word, int atom) { return std::binary_search(word.atoms->begin(), word.atoms->end(), atom); }

  // Where `phrase` matches starting at word `start`: the last word, shortest first.
  std::optional<int> MatchAt(const std::vector<Word>& words, const Phrase& phrase, size_t index, int at) const {
    if (at >= static_cast<int>(words.size()) || !Has(words[at], phrase.atoms[index])) return std::nullopt;
    if (index + 1 == phrase.atoms.size()) return at;
    auto [min, max] = phrase.gaps[index];
    for (int gap = min; gap <= max; ++gap) {
      if (auto end = MatchAt(words, phrase, index + 1, at + 1 + gap)) return end;
    }
    return std::nullopt;
  }

  // Every match of each phrase, phrase by phrase, in text order. A match can only start at a word with the
  // phrase's first atom, so only those words are tried (most phrases of a rule have none in a turn: one look-up).
  std::vector<WordRange> Find(const Prepared& p, std::span<const Phrase> phrases) const {
    const std::vector<Word>& words = p.words;
    std::vector<WordRange> out;
    for (const Phrase& phrase : phrases) {
      const int first = p.first_occurrence[phrase.first];
      if (first < 0) continue;
      for (auto it = p.occurrences.begin() + first; it != p.occurrences.end() && it->first == phrase.first; ++it) {
        int i = it->second;
        if (auto last = MatchAt(words, phrase, 0, i)) {
          out.push_back({i, *last, {words[i].original.begin, words[*last].original.end}});
        }
      }
    }
    return out;
  }

  std::vector<WordRange> FindNear(const Prepared& p, const CompiledRule& rule) const {
    const std::vector<Word>& words = p.words;
    std::vector<WordRange> out;
    std::vector<WordRange> left = Find(p, rule.left), right = Find(p, rule.right);
    for (const WordRange& a : left) {
      for (const WordRange& b : right) {
        if (rule.ordered && b.first < a.first) continue;
        if (!rule.rule->within_turn && words[a.first].sentence != words[b.first].sentence) continue;
        int between = a.last < b.first ? b.first - a.last - 1 : b.last < a.first ? a.first - b.last - 1 : 0;
        if (between > rule.distance) continue;
        WordRange both{std::min(a.first, b.first), std::max(a.last, b.last), {}};
        both.original = {words[both.first].original.begin, words[both.last].original.end};
        out.push_back(both);
      }
    }
    return out;
  }

  std::vector<WordRange> FindRegex(const Prepared& p, const CompiledRule& rule) const {
    std::vector<WordRange> out;
    const std::string& text = p.segmented->normalized.text;
    re2::StringPiece input(text), match;
    size_t offset = 0;
    while (offset <= text.size() &&
           rule.regex->Match(input, offset, text.size(), RE2::UNANCHORED, &match, 1)) {
      Span normalized{static_cast<uint32_t>(match.data() - text.data()),
                      static_cast<uint32_t>(match.data() - text.data() + match.size())};
      WordRange range{-1, -1, p.segmented->normalized.to_original.ToOriginal(normalized)};
      for (int w = 0; w < static_cast<int>(p.words.size()); ++w) {
        const Span& s = p.words[w].normalized;
        if (s.begin < normalized.end && normalized.begin < s.end) {
          if (range.first < 0) range.first = w;
          range.last = w;
        }
      }
      if (range.first >= 0) out.push_back(range);  // a match inside [lacht] only is not a match
      offset = match.empty() ? normalized.end + 1 : normalized.end;
    }
    return out;
  }

  std::vector<Coder::ExampleResult> CheckExamples() const {
    std::vector<Coder::ExampleResult> out;
    for (const kansrijk::Code* code : codebook.Codes()) {
      if (code->manual) continue;  // no rules: its examples only illustrate it for researchers
      for (const std::string& example : code->examples) {
        std::vector<Coding> codings = Run(example).codings;
        bool coded = std::any_of(codings.begin(), codings.end(), [&](const Coding& c) { return c.code == code->id; });
        out.push_back({code, example, coded});
      }
    }
    return out;
  }

  // ---- The whole turn --------------------------------------------------------------------------------

  CodeTrace Run(std::string_view text, const SegmentedTurn* segmented = nullptr) const {
    Prepared p = Prepare(text, segmented);
    CodeTrace trace;
    // Rules to evaluate: those whose first word occurs, and regex rules whose pattern occurs.
    std::vector<bool> candidate(rules.size(), false);
    for (const Word& word : p.words) {
      for (int atom : *word.atoms) {
        for (int r : rules_of_atom[atom]) candidate[r] = true;
      }
    }
    std::vector<int> regex_hits;
    if (!regex_rule.empty() && regexes->Match(p.segmented->normalized.text, &regex_hits)) {
      for (int h : regex_hits) candidate[regex_rule[h]] = true;
    }
    std::vector<ClauseWord> clause_words;
    std::optional<TurnValence> valence;  // made with the first match: most turns have none
    for (size_t r = 0; r < rules.size(); ++r) {
      if (!candidate[r]) continue;
      const CompiledRule& rule = rules[r];
      std::vector<WordRange> found = rule.regex ? FindRegex(p, rule)
                                     : rule.rule->kind == RuleKind::kNear ? FindNear(p, rule)
                                                                          : Find(p, rule.phrases);
      std::vector<std::vector<WordRange>> vetoes;  // per exclusion of the rule: where it occurs
      if (!found.empty()) {
        for (const auto& exclusion : rule.exclusions) vetoes.push_back(Find(p, std::span(&exclusion.second, 1)));
      }
      std::set<std::pair<uint32_t, uint32_t>> seen;  // two terms of one rule on the same words: one match
      for (const WordRange& range : found) {
        if (!seen.insert({range.original.begin, range.original.end}).second) continue;
        RuleMatch match;
        match.code = rule.code->id;
        match.rule = rule.rule->id;
        match.span = range.original;
        for (size_t e = 0; e < vetoes.size(); ++e) {
          for (const WordRange& veto : vetoes[e]) {
            if (Overlaps(veto, range)) match.vetoed_by = rule.exclusions[e].first;
          }
        }
        if (!valence) {
          for (const Word& word : p.words) clause_words.push_back({word.text, word.clause, word.sentence});
          valence.emplace(clause_words);
        }
        ValenceDecision decision = valence->Decide(range.first, range.last, rule.rule->means, rule.code->valence);
        match.valence = decision.sign;
        match.valence_reason = std::move(decision.reason);
        trace.matches.push_back(std::move(match));
      }
    }
    // Codings: per code, overlapping matches merged; in code order of the codebook, then text order.
    std::vector<const RuleMatch*> kept;
    for (const RuleMatch& m : trace.matches) {
      if (m.vetoed_by.empty()) kept.push_back(&m);
    }
    std::stable_sort(kept.begin(), kept.end(), [&](const RuleMatch* a, const RuleMatch* b) {
      int ca = code_order.find(a->code)->second, cb = code_order.find(b->code)->second;
      return ca != cb ? ca < cb : a->span.begin < b->span.begin;
    });
    for (const RuleMatch* m : kept) {
      if (!trace.codings.empty() && trace.codings.back().code == m->code && m->span.begin < trace.codings.back().span.end) {
        Coding& c = trace.codings.back();
        c.span.end = std::max(c.span.end, m->span.end);
        if (std::find(c.rules.begin(), c.rules.end(), m->rule) == c.rules.end()) c.rules.push_back(m->rule);
        continue;
      }
      trace.codings.push_back({m->code, m->span, m->valence, {m->rule}, m->valence_reason});
    }
    return trace;
  }
};

Coder::Coder(const Codebook& codebook, const Morphology& morphology)
    : impl_(std::make_unique<Impl>(codebook, morphology, nullptr)) {}
Coder::Coder(Coder&&) noexcept = default;
Coder::~Coder() = default;

std::vector<Coding> Coder::Apply(std::string_view turn_text) const { return impl_->Run(turn_text).codings; }
std::vector<Coding> Coder::Apply(std::string_view turn_text, const SegmentedTurn& segmented) const {
  return impl_->Run(turn_text, &segmented).codings;
}
CodeTrace Coder::Explain(std::string_view turn_text) const { return impl_->Run(turn_text); }

std::vector<Coder::ExampleResult> Coder::CheckExamples() const { return impl_->CheckExamples(); }

const Codebook& Coder::codebook() const { return impl_->codebook; }
const Morphology& Coder::morphology() const { return impl_->morphology; }

std::vector<Error> CheckCodebook(const Codebook& codebook, const Morphology& morphology) {
  std::vector<Error> problems;
  Coder::Impl impl(codebook, morphology, &problems);
  if (!problems.empty()) return problems;
  for (const kansrijk::Code* code : codebook.Codes()) {
    if (code->examples.empty() && !code->manual) {
      problems.emplace_back(code->defined_at, fmt::format("code '{}' has no example quotes", code->id),
                            "add one or more examples: the check runs them through the rules");
    }
  }
  for (const Coder::ExampleResult& result : impl.CheckExamples()) {
    if (result.coded) continue;
    problems.emplace_back(result.code->defined_at,
                          fmt::format("example of '{}' is not coded by its rules: \"{}\"", result.code->id, result.example),
                          "widen a rule, or fix the example");
  }
  return problems;
}

bool CheckCodebookFile(const std::filesystem::path& file, std::ostream& out, std::ostream& problems_out) {
  std::vector<Error> problems;
  Codebook book = LoadCodebook(file, &problems);
  if (problems.empty()) problems = CheckCodebook(book, Morphology::Load());
  for (const Error& problem : problems) problems_out << "error: " << problem.what() << "\n";
  if (!problems.empty()) {
    problems_out << fmt::format("{}: {} problem(s)\n", file.string(), problems.size());
    return false;
  }
  size_t rules = 0, examples = 0;
  for (const Code* code : book.Codes()) rules += code->rules.size(), examples += code->examples.size();
  out << fmt::format("{}: ok ({} codes, {} rules, {} examples coded as intended)\n", file.string(),
                     book.Codes().size(), rules, examples);
  return true;
}

}  // namespace kansrijk
