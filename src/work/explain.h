// Why a turn was coded: the codebook the corpus was coded with, run again on one turn with every rule match,
// exclusion and valence cue kept (Coder::Explain). For `kansrijk explain` and the web app.
//
//   Explainer explainer = Explainer::FromStore(store);       // the codebook stored with the codings
//   Explanation e = explainer.Explain(store, "2021/a.txt", 6);
//   WriteExplanation(e, std::cout);
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "code/codebook.h"
#include "code/coder.h"
#include "normalize/morphology.h"
#include "store/store.h"

namespace kansrijk {

struct Explanation {
  TurnRow turn;
  CodeTrace trace;
  std::vector<StoredSuggestion> suggestions;  // the learned models' on this turn, as `kansrijk code` stored them
};

class Explainer {
 public:
  // The codebook of `codebook_file`, or (when empty) the one stored with the rule codings; Error with a hint
  // when neither is there.
  static Explainer Load(const Store& store, const std::string& codebook_file = "");

  Explanation Explain(const Store& store, const std::string& file, int turn) const;  // Error: no such turn
  const Codebook& codebook() const { return *codebook_; }
  const Coder& coder() const { return *coder_; }
  const Morphology& morphology() const { return *morphology_; }

 private:
  std::unique_ptr<Codebook> codebook_;
  std::unique_ptr<Morphology> morphology_;
  std::unique_ptr<Coder> coder_;
};

// The turn, each rule match with its words, rule and valence cue (or the exclusion that vetoed it), the
// codings, and the models' suggestions with their probability, threshold and the features that weighed most, as
// `kansrijk explain` prints them.
void WriteExplanation(const Explanation& explanation, std::ostream& out);

}  // namespace kansrijk
