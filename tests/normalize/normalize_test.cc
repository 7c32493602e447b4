#include "normalize/normalize.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/error.h"
#include "normalize/morphology.h"

namespace kansrijk {
namespace {

struct Case {
  std::string input, expected;
};

TEST(Normalize, FoldsDutchText) {
  const Case cases[] = {
      {"Coördinatie", "coordinatie"},
      {"ideeën één CAFÉ", "ideeen een cafe"},
      {"e\u0301e\u0301n", "een"},                          // decomposed accents
      {"\u0132sselmeer \u0133s", "ijsselmeer ijs"},       // IJ ligature
      {"\uFB01nanciering", "financiering"},               // fi ligature
      {"co\u00ADor\u00ADdi\u00ADna\u00ADtie", "coordinatie"},  // soft hyphens
      {"25\u00A0procent\u202Fnu", "25 procent nu"},        // no-break spaces
      {"\u201Egoed\u201D \u2018zo\u2019n\u2019", "\"goed\" 'zo'n'"},
      {"x\u2013y\u2014z", "x-y-z"},
      {"samen-\nwerking", "samenwerking"},
      {"samen-  \r\n  werking", "samenwerking"},
      {"jeugd-\nen gezondheidszorg", "jeugd- en gezondheidszorg"},
      {"jeugd- en gezondheidszorg", "jeugd- en gezondheidszorg"},
      {"Noord-\nHolland", "noord- holland"},  // capital after the break: a real hyphen
      {"  veel \t\n  ruimte  ", "veel ruimte"},
      {"Straße", "strasse"},
      {"a\u200Bb", "ab"},  // zero-width space
  };
  for (const Case& c : cases) EXPECT_EQ(Normalize(c.input).text, c.expected) << c.input;
}

TEST(Normalize, KeepsDiacriticsWhenAsked) {
  EXPECT_EQ(Normalize("Coördinatie", {.fold_diacritics = false}).text, "coördinatie");
}

TEST(Normalize, MapsLigatureBackToOriginalBytes) {
  NormalizedText n = Normalize("\uFB01nanciering");  // "ﬁ" is 3 bytes, "fi" 2
  EXPECT_EQ(n.text, "financiering");
  EXPECT_EQ(n.to_original.ToOriginal({0, 12}), (Span{0, 13}));
  EXPECT_EQ(n.to_original.ToOriginal({2, 12}), (Span{3, 13}));
}

// Every token of the normalised text maps back to the original word it came from.
TEST(Normalize, OffsetsRoundTripForEveryToken) {
  const std::string original =
      "De Co\u00F6rdinatie   van \u201Ede\u201D samen-\nwerking, o.a. met \u0132sselmonde en \uFB01nanciering "
      "(25\u00A0procent) i.v.m. het personeels\u00ADtekort.";
  const std::vector<std::string> expected_words = {
      "De", "Co\u00F6rdinatie", "van", "de", "samen-\nwerking", "o.a", "met", "\u0132sselmonde", "en",
      "\uFB01nanciering", "25", "procent", "i.v.m", "het", "personeels\u00ADtekort"};
  NormalizedText n = Normalize(original);
  std::vector<Token> tokens = Tokenize(n.text);
  ASSERT_EQ(tokens.size(), expected_words.size()) << n.text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Span span = n.to_original.ToOriginal(tokens[i].span);
    EXPECT_EQ(original.substr(span.begin, span.size()), expected_words[i]) << tokens[i].text;
  }
}

// The map keeps runs of bytes that came one for one (ASCII) as one segment: any span still maps to the original
// bytes from the first of its bytes to the last, and within a run byte for byte.
TEST(Normalize, AnySpanMapsFromItsFirstToItsLastByte) {
  const std::string original = "Het  \uFB01nancieringstekort,\n Co\u00F6rdinatie-\nteam en samen-\nwerking. Ja ";
  NormalizedText n = Normalize(original);
  ASSERT_EQ(n.text, "het financieringstekort, coordinatieteam en samenwerking. ja");
  const auto size = static_cast<uint32_t>(n.text.size());
  for (uint32_t b = 0; b < size; ++b) {
    for (uint32_t e = b + 1; e <= size; ++e) {
      Span first = n.to_original.ToOriginal({b, b + 1}), last = n.to_original.ToOriginal({e - 1, e});
      EXPECT_EQ(n.to_original.ToOriginal({b, e}), (Span{first.begin, last.end})) << b << "-" << e;
    }
  }
  EXPECT_EQ(n.to_original.ToOriginal({0, 3}), (Span{0, 3}));     // "Het"
  EXPECT_EQ(n.to_original.ToOriginal({4, 6}), (Span{5, 8}));     // "fi" from the ligature
  EXPECT_EQ(n.to_original.ToOriginal({6, 10}), (Span{8, 12}));   // "nanc", byte for byte after it
  EXPECT_EQ(n.to_original.ToOriginal({25, 27}), (Span{28, 30})); // "co" of "Co\u00F6rdinatie"
  EXPECT_EQ(n.to_original.ToOriginal({25, 28}), (Span{28, 32})); // "coo": the last o is the two bytes of \u00F6
  EXPECT_EQ(n.to_original.ToOriginal({35, 40}), (Span{39, 46})); // "eteam": across the joined "-\n"
}

TEST(Normalize, EmptyAndEndSpans) {
  NormalizedText n = Normalize("Ja. ");
  EXPECT_EQ(n.text, "ja.");
  EXPECT_EQ(n.to_original.ToOriginal({3, 3}), (Span{4, 4}));
  EXPECT_EQ(Normalize("").text, "");
}

TEST(Tokenize, KeepsContractionsAndDropsPunctuation) {
  NormalizedText n = Normalize("Zo'n kind, 3,5% e-mail!");
  std::vector<std::string> words;
  for (const Token& t : Tokenize(n.text)) words.emplace_back(t.text);
  EXPECT_EQ(words, (std::vector<std::string>{"zo'n", "kind", "3,5", "e", "mail"}));
}

TEST(Morphology, SplitsCompoundsIntoDictionaryWords) {
  Morphology m = Morphology::Load();
  using Parts = std::vector<std::string>;
  EXPECT_EQ(m.CompoundParts("personeelstekort"), (Parts{"personeel", "tekort"}));
  EXPECT_EQ(m.CompoundParts("privacywetgeving"), (Parts{"privacy", "wetgeving"}));
  EXPECT_EQ(m.CompoundParts("financieringsproblemen"), (Parts{"financiering", "problemen"}));
  EXPECT_EQ(m.CompoundParts("tekortkoming"), Parts{});  // "koming" is no word
  EXPECT_EQ(m.CompoundParts("kind"), Parts{});
  // The shortest head wins between splits as good (kartrekker|s|rol, not kar|trekkersrol), and a long part's own
  // parts follow it.
  EXPECT_EQ(m.CompoundParts("kartrekkersrol"), (Parts{"kartrekker", "rol", "kart", "rekker"}));
  EXPECT_EQ(m.CompoundParts("gemeenteraadsvergadering"), (Parts{"gemeenteraad", "vergadering", "gemeente", "raad"}));
  Parts jgz = m.CompoundParts("jeugdgezondheidszorg");
  EXPECT_NE(std::find(jgz.begin(), jgz.end(), "zorg"), jgz.end());
}

TEST(Morphology, StemsInflectedForms) {
  Morphology m = Morphology::Load();
  EXPECT_EQ(m.Stem("financieringen"), m.Stem("financiering"));
  EXPECT_EQ(m.Stem("kartrekkers"), m.Stem("kartrekker"));
}

// Threads stem and split at once, each split with a hunspell instance of its own and all of them sharing the tables
// of answers, while another loads dictionaries for two of them (as ingest's writer does) and the rest wait for an
// instance or load their own: each answer must be the one a single thread gets (and `make test SANITIZE=thread`
// sees the tables and instances shared between threads).
TEST(Morphology, ThreadsThatStemAndSplitAtOnceGetTheSingleThreadedAnswers) {
  const std::vector<std::string> words = {"personeelstekorten", "financieringen",   "privacywetgeving",
                                          "kartrekkersrol",     "jeugdgezondheidszorg", "wachtlijsten",
                                          "gemeenteraad",       "tekortkoming",       "subsidieregeling"};
  Morphology alone = Morphology::Load(), shared = Morphology::Load();
  std::vector<std::vector<std::string>> stems_of(4);
  std::vector<std::vector<std::vector<std::string>>> parts_of(4);
  {
    std::vector<std::jthread> threads;
    threads.emplace_back([&] { shared.LoadDictionaries(2); });
    for (size_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = 0; i < words.size(); ++i) {
          // Half the threads split first, half stem first, and each starts at another word.
          const std::string& word = words[(i + t) % words.size()];
          if (t % 2 == 0) parts_of[t].push_back(shared.CompoundParts(word));
          stems_of[t].push_back(shared.Stem(word));
          if (t % 2 == 1) parts_of[t].push_back(shared.CompoundParts(word));
          for (const std::string& part : parts_of[t].back()) stems_of[t].push_back(shared.Stem(part));
        }
      });
    }
  }
  for (size_t t = 0; t < 4; ++t) {
    std::vector<std::string> expected_stems;
    std::vector<std::vector<std::string>> expected_parts;
    for (size_t i = 0; i < words.size(); ++i) {
      size_t w = (i + t) % words.size();
      expected_stems.push_back(alone.Stem(words[w]));
      expected_parts.push_back(alone.CompoundParts(words[w]));
      for (const std::string& part : expected_parts.back()) expected_stems.push_back(alone.Stem(part));
    }
    EXPECT_EQ(stems_of[t], expected_stems) << "thread " << t;
    EXPECT_EQ(parts_of[t], expected_parts) << "thread " << t;
  }
  // The words do split, so threads split while others stemmed.
  EXPECT_EQ(alone.CompoundParts("personeelstekorten"), (std::vector<std::string>{"personeel", "tekorten"}));
}

TEST(Morphology, MissingDictionaryNamesThePackage) {
  try {
    Morphology::Load("/nonexistent/nl");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("hunspell-nl"), std::string::npos);
  }
}

}  // namespace
}  // namespace kansrijk
