// A linear model of one code: L2-regularised logistic regression over the features of learn/features.h,
// trained with liblinear, so every suggestion has a probability and weights a researcher can read.
//
//   std::vector<Example> examples = {{TurnFeatures(text, morphology), true}, ...};
//   CodeModel model = CodeModel::Train("personeelstekort", examples);  // Error when too few examples
//   double p = model.Probability(TurnFeatures(other_text, morphology));
//   std::string text = model.Text();                                   // what the store keeps
//   CodeModel again = CodeModel::Parse(text);                          // the same probabilities
//
// Deterministic: the features are numbered in sorted order and liblinear's solver for this loss (a trust-region
// Newton method on the primal) uses no random numbers, so the same examples give the same model text, byte for
// byte, and the same probabilities.
#pragma once

#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace kansrijk {

// One respondent turn: its features (sorted, unique, as TurnFeatures gives them) and whether it has the code.
struct Example {
  std::vector<std::string> features;
  bool positive = false;
};

struct TrainOptions {
  // Fewer positives or negatives than this and Train refuses: with under 10 coded turns a model only learns the
  // words of those turns, and its cross-validated figures (docs/accuracy.md) say nothing. 10 is also the
  // smallest count at which one document-grouped fold in five still holds about two positives.
  int min_examples = 10;
  // A feature must occur in this many training turns: a word of one turn is that turn's, not the code's.
  int min_turns = 2;
  double c = 1.0;  // liblinear's C: the inverse of the L2 penalty
  // Positives weigh (negatives / positives)^balance in the loss: 0 weighs every turn alike, 1 makes the two
  // classes weigh the same in total. Positives are 5 to 20% of the turns; docs/accuracy.md has what each gave.
  double balance = 1.0;
};

// Train's refusal: fewer positives or negatives than TrainOptions::min_examples.
class TooFewExamples : public Error {
 public:
  using Error::Error;
};

class CodeModel {
 public:
  // Throws TooFewExamples naming `code` and the counts when there are fewer than `options.min_examples` positives or
  // negatives.
  static CodeModel Train(const std::string& code, const std::vector<Example>& examples, const TrainOptions& options = {});
  // Reads Text(); throws Error naming the line that is not a model's.
  static CodeModel Parse(std::string_view text);

  const std::string& code() const { return code_; }
  // The probability that a turn with these features (sorted, unique) has the code.
  double Probability(const std::vector<std::string>& features) const;
  // The `n` features of the turn that raised the probability most, with what each added to the logit, largest
  // first (ties by feature); only features that raised it.
  std::vector<std::pair<std::string, double>> TopFeatures(const std::vector<std::string>& features, int n = 5) const;
  // Whether the model suggests this code (cross-validation found that rules plus model beat the rules with
  // precision >= 0.85), at which threshold, and why, in plain words. A trained model starts off: "not decided".
  void Decide(double threshold, std::string decision) { threshold_ = threshold, decision_ = std::move(decision); }
  bool on() const { return threshold_ <= 1; }
  double threshold() const { return threshold_; }
  // The model alone, without the rules (`kansrijk agree --gold` measures it): the threshold of best F1 that the same
  // cross-validation chose for it. 0.5 until learn decides, and for a model stored before version 3.
  void DecideAlone(double threshold) { alone_threshold_ = threshold; }
  double alone_threshold() const { return alone_threshold_; }
  const std::string& decision() const { return decision_; }
  // The model as text: a header line, the threshold ("off" or a number), the model alone's threshold, the decision,
  // the bias, then
  // "feature<TAB>weight" by feature, every number printed exactly (%.17g).
  std::string Text() const;
  int positives() const { return positives_; }
  int negatives() const { return negatives_; }

 private:
  std::string code_;
  std::vector<std::string> features_;  // sorted
  std::vector<double> weights_;        // of features_, for the code
  double bias_ = 0;
  double threshold_ = 2;  // > 1: off
  double alone_threshold_ = 0.5;
  std::string decision_ = "not decided";
  int positives_ = 0, negatives_ = 0;
};

}  // namespace kansrijk
