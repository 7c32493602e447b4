// The codebook as `kansrijk codebook check` and `kansrijk code` take it: ParseCodebook (every structural problem
// collected), then, when the structure is sound, CheckCodebook (compiles every rule, runs the example quotes), the
// Coder compiled from it and applied to a few turns.
#include <string>
#include <vector>

#include "base/error.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "fuzz.h"
#include "normalize/morphology.h"

using namespace kansrijk;

KANSRIJK_FUZZ_TARGET(codebook) {
  static const Morphology morphology = Morphology::Load();
  try {
    std::vector<Error> problems;
    Codebook codebook = ParseCodebook(std::string(input), "fuzz.yaml", &problems);
    if (!problems.empty()) return;
    CheckCodebook(codebook, morphology);
    Coder coder(codebook, morphology);
    for (const char* turn : {"Er is gewoon te weinig geld en personeel, dus de kraamzorg stopt.",
                             "Niet echt een probleem: de samenwerking met de huisarts loopt goed.", ""}) {
      coder.Apply(turn);
      coder.Explain(turn);
    }
  } catch (const Error&) {
  }
}
