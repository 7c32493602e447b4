#include "segment/segment.h"

#include <gtest/gtest.h>

namespace kansrijk {
namespace {

std::vector<std::string> SentencesOf(const std::string& text) {
  std::vector<std::string> out;
  for (const Span& s : SegmentTurn(text).sentences) out.push_back(text.substr(s.begin, s.size()));
  return out;
}

TEST(SegmentTurn, DutchAbbreviationsDoNotEndSentences) {
  EXPECT_EQ(SentencesOf("Dat zijn o.a. de wijkverpleegkundige en bijv. de verloskundige. Dhr. Jansen kwam ook. "
                        "Het loopt goed, d.w.z. redelijk. Mw. de Vries ook. Ca. 20 gezinnen. Zie art. 3 enz. Klaar."),
            (std::vector<std::string>{"Dat zijn o.a. de wijkverpleegkundige en bijv. de verloskundige.",
                                      "Dhr. Jansen kwam ook.", "Het loopt goed, d.w.z. redelijk.", "Mw. de Vries ook.",
                                      "Ca. 20 gezinnen.", "Zie art. 3 enz.", "Klaar."}));
}

TEST(SegmentTurn, SentencesRunAcrossLineBreaks) {
  EXPECT_EQ(SentencesOf("Het gaat om\nde samenwerking. Ja?\nJa!"),
            (std::vector<std::string>{"Het gaat om\nde samenwerking.", "Ja?", "Ja!"}));
}

TEST(SegmentTurn, AnnotationsAreMarkedAndNotCounted) {
  std::string text = "Nou (...) ja [lacht] het is (lacht) goed (GGD) [onverstaanbaar 00:12:34] (\u2026)";
  SegmentedTurn s = SegmentTurn(text);
  std::vector<std::string> notes;
  for (const Span& a : s.annotations) notes.push_back(text.substr(a.begin, a.size()));
  EXPECT_EQ(notes, (std::vector<std::string>{"(...)", "[lacht]", "(lacht)", "[onverstaanbaar 00:12:34]", "(\u2026)"}));
  EXPECT_EQ(s.words, 6);  // nou ja het is goed ggd; not lacht, onverstaanbaar or the time
}

}  // namespace
}  // namespace kansrijk
