#include "generated_corpus.h"

#include <fmt/format.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace kansrijk::bench {

namespace {

// Sentences of the kinds the evaluators heard, with and without the codebook's themes, so that the coder finds
// a realistic share of codings. std::mt19937 with a fixed seed and our own index arithmetic (not
// std::uniform_int_distribution, whose output differs between standard libraries) keeps the bytes stable.
const std::vector<std::string> kAnswers = {
    "Eh, de samenwerking met de verloskundigen loopt eigenlijk best goed.",
    "We hebben gewoon te weinig mensen, het personeelstekort is echt groot.",
    "De wethouder trekt de kar, zonder haar was het niet gelukt.",
    "Er is geen geld meer voor de coördinatie, de subsidie is op.",
    "De privacywetgeving maakt het lastig om gegevens te delen met het wijkteam.",
    "We hebben een gezamenlijk doel: elk kind een kansrijke start.",
    "Ik weet nu wie ik moet bellen bij de jeugdgezondheidszorg.",
    "Dat vind ik lastig te zeggen, het verschilt per week.",
    "Nou, de gezinnen zelf zijn vaak moeilijk te bereiken [lacht].",
    "De kraamzorg zit nu ook aan tafel, dat helpt.",
    "Het budget voor volgend jaar is nog niet rond.",
    "Onze projectleider is vertrokken en er is nog geen opvolger.",
    "We zien elkaar eens per maand in het coalitieoverleg.",
    "De regels van de zorgverzekeraar zitten ons soms in de weg.",
    "Ja, dat klopt wel, denk ik.",
    "Er zijn vacatures die we al maanden niet kunnen vullen.",
    "Iedereen wil hetzelfde voor die ouders, dat merk je.",
    "De huisartsen doen nog weinig mee, ze hebben het te druk.",
};
const std::vector<std::string> kQuestions = {
    "Hoe gaat het met de coalitie?", "Wat helpt daarbij?", "Wat staat in de weg?", "Kunt u een voorbeeld geven?",
    "Hoe is dat nu geregeld?", "Wie trekt er aan de coalitie?", "Wat zou u anders willen?", "Nog iets?",
};

}  // namespace

size_t WriteGeneratedCorpus(const std::filesystem::path& folder, const GeneratedCorpus& corpus) {
  std::mt19937 random(corpus.seed);
  size_t total = 0;
  for (size_t d = 0; d < corpus.documents; ++d) {
    const int year = 2019 + static_cast<int>(d % 4);
    const bool focus = d % 5 == 4;
    const size_t target = corpus.bytes_per_document * (d < corpus.large_documents ? 4 : 1);
    std::string text;
    int turn = 0;
    while (text.size() < target) {
      if (turn++ % 2 == 0) {
        text += (focus ? "Gespreksleider: " : "I: ") + kQuestions[random() % kQuestions.size()] + "\n";
        continue;
      }
      text += focus ? fmt::format("Deelnemer {}: ", 1 + random() % 6) : "R: ";
      for (int s = 0, n = 2 + static_cast<int>(random() % 5); s < n; ++s) {
        text += (s ? " " : "") + kAnswers[random() % kAnswers.size()];
      }
      text += "\n";
    }
    std::filesystem::path file =
        folder / std::to_string(year) / fmt::format("{}-{:04}.txt", focus ? "focusgroep" : "interview", d);
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    total += text.size();
  }
  return total;
}

}  // namespace kansrijk::bench
