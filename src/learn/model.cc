#include "learn/model.h"

#include <fmt/format.h>
#include <linear.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <map>
#include <memory>

namespace kansrijk {

// Why liblinear rather than fastText (also in Debian): we have tens to hundreds of coded turns, not the
// millions fastText's embeddings need; logistic regression is convex, so the same data gives the same model
// (fastText trains with random initialisation and threads); and a linear model over words has one weight per
// word, which `explain` can show a researcher. liblinear is the reference implementation (LIBLINEAR, JMLR 2008).

namespace {

void Quiet(const char*) {}  // liblinear prints its iterations on stdout otherwise

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

CodeModel CodeModel::Train(const std::string& code, const std::vector<Example>& examples, const TrainOptions& options) {
  CodeModel model;
  model.code_ = code;
  for (const Example& e : examples) ++(e.positive ? model.positives_ : model.negatives_);
  if (model.positives_ < options.min_examples || model.negatives_ < options.min_examples) {
    throw TooFewExamples({}, fmt::format("too few examples to learn code '{}': {} turns with it and {} seen without it (a model needs "
                                "at least {} of each)",
                                code, model.positives_, model.negatives_, options.min_examples),
                "code and review more turns (kansrijk coding add, review accept or reject, coding seen), then run learn again");
  }
  // The vocabulary: features of at least min_turns turns, numbered in sorted order (std::map) from 1.
  std::map<std::string_view, int> turns;
  for (const Example& e : examples) {
    for (const std::string& f : e.features) ++turns[f];
  }
  for (const auto& [feature, count] : turns) {
    if (count >= options.min_turns) model.features_.emplace_back(feature);
  }
  const int n = static_cast<int>(model.features_.size());
  // liblinear's problem: each turn a sparse row, its features scaled to unit length (long turns weigh no more
  // than short ones), then the bias node (index n + 1) and the -1 terminator.
  std::vector<std::vector<feature_node>> rows(examples.size());
  std::vector<feature_node*> x(examples.size());
  std::vector<double> y(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    std::vector<feature_node>& row = rows[i];
    for (const std::string& f : examples[i].features) {
      auto it = std::lower_bound(model.features_.begin(), model.features_.end(), f);
      if (it != model.features_.end() && *it == f) row.push_back({static_cast<int>(it - model.features_.begin()) + 1, 1.0});
    }
    double scale = row.empty() ? 1 : 1 / std::sqrt(static_cast<double>(row.size()));
    for (feature_node& node : row) node.value = scale;
    row.push_back({n + 1, 1.0});
    row.push_back({-1, 0});
    x[i] = row.data();
    y[i] = examples[i].positive ? 1 : -1;
  }
  problem prob{.l = static_cast<int>(examples.size()), .n = n + 1, .y = y.data(), .x = x.data(), .bias = 1};
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = 0.01;  // liblinear's default for this solver
  param.C = options.c;
  // Class weights through liblinear's own weight_label/weight (C of a class = C * weight).
  int weight_label[1] = {1};
  double weight[1] = {std::pow(static_cast<double>(model.negatives_) / model.positives_, options.balance)};
  param.nr_weight = 1;
  param.weight_label = weight_label;
  param.weight = weight;
  if (const char* problem_text = check_parameter(&prob, &param)) throw Error({}, std::string("liblinear: ") + problem_text);
  set_print_string_function(Quiet);
  std::unique_ptr<::model, void (*)(::model*)> trained(train(&prob, &param), [](::model* m) { free_and_destroy_model(&m); });
  // w is for the class of label[0], which is the first label liblinear met: turn it towards the positive class.
  double sign = trained->label[0] == 1 ? 1 : -1;
  model.weights_.resize(n);
  for (int i = 0; i < n; ++i) model.weights_[i] = sign * trained->w[i];
  model.bias_ = sign * trained->w[n];
  return model;
}

double CodeModel::Probability(const std::vector<std::string>& features) const {
  double sum = 0;
  int present = 0;
  for (const std::string& f : features) {
    auto it = std::lower_bound(features_.begin(), features_.end(), f);
    if (it == features_.end() || *it != f) continue;
    sum += weights_[it - features_.begin()];
    ++present;
  }
  return Sigmoid(bias_ + (present ? sum / std::sqrt(static_cast<double>(present)) : 0));
}

std::vector<std::pair<std::string, double>> CodeModel::TopFeatures(const std::vector<std::string>& features, int n) const {
  std::vector<std::pair<std::string, double>> out;
  std::vector<size_t> present;
  for (const std::string& f : features) {
    auto it = std::lower_bound(features_.begin(), features_.end(), f);
    if (it != features_.end() && *it == f) present.push_back(it - features_.begin());
  }
  const double scale = present.empty() ? 1 : 1 / std::sqrt(static_cast<double>(present.size()));
  for (size_t i : present) {
    if (weights_[i] > 0) out.emplace_back(features_[i], weights_[i] * scale);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (static_cast<int>(out.size()) > n) out.resize(n);
  return out;
}

std::string CodeModel::Text() const {
  std::string out = fmt::format("kansrijk-model 3\tcode {}\tpositives {}\tnegatives {}\n", code_, positives_, negatives_);
  out += on() ? fmt::format("threshold\t{:.17g}\n", threshold_) : "threshold\toff\n";
  out += alone_threshold_ <= 1 ? fmt::format("alone\t{:.17g}\n", alone_threshold_) : "alone\toff\n";
  std::string decision = decision_;
  std::replace_if(decision.begin(), decision.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  out += "decision\t" + decision + "\n";
  out += fmt::format("bias\t{:.17g}\n", bias_);
  for (size_t i = 0; i < features_.size(); ++i) out += fmt::format("{}\t{:.17g}\n", features_[i], weights_[i]);
  return out;
}

CodeModel CodeModel::Parse(std::string_view text) {
  CodeModel model;
  int line_number = 0;
  auto bad = [&](const std::string& what) {
    return Error({"model", line_number}, "a stored model is damaged: " + what, "run kansrijk learn again");
  };
  auto number = [&](std::string_view s) {
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) throw bad("'" + std::string(s) + "' is not a number");
    return value;
  };
  // Version 1 (before the decision) has no threshold or decision lines: it stays off until learn runs again.
  // Version 2 has no line for the model alone's threshold: it stays 0.5.
  int version = 0;
  int line_of_decision = 0;
  while (!text.empty()) {
    ++line_number;
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) throw bad("no tab");
    std::string_view key = line.substr(0, tab), value = line.substr(tab + 1);
    const int header = version == 1 ? 2 : line_of_decision + 1;  // the bias line
    if (line_number == 1) {
      char code[256] = {};
      if (std::sscanf(std::string(line).c_str(), "kansrijk-model %d\tcode %255s\tpositives %d\tnegatives %d", &version, code,
                      &model.positives_, &model.negatives_) != 4 || version < 1 || version > 3) {
        throw bad("not a kansrijk model of version 1, 2 or 3");
      }
      model.code_ = code;
      line_of_decision = version == 3 ? 4 : 3;
      if (version == 1) model.decision_ = "trained before learn decided per code: run kansrijk learn again";
    } else if (version >= 2 && line_number == 2) {
      if (key != "threshold") throw bad("no threshold");
      model.threshold_ = value == "off" ? 2 : number(value);
    } else if (version == 3 && line_number == 3) {
      if (key != "alone") throw bad("no threshold for the model alone");
      model.alone_threshold_ = value == "off" ? 2 : number(value);
    } else if (version >= 2 && line_number == line_of_decision) {
      if (key != "decision") throw bad("no decision");
      model.decision_ = value;
    } else if (line_number == header) {
      if (key != "bias") throw bad("no bias");
      model.bias_ = number(value);
    } else {
      tab = line.rfind('\t');
      std::string feature(line.substr(0, tab));
      if (!model.features_.empty() && !(model.features_.back() < feature)) throw bad("features out of order");
      model.features_.push_back(std::move(feature));
      model.weights_.push_back(number(line.substr(tab + 1)));
    }
  }
  if (line_number < (version == 1 ? 2 : line_of_decision + 1)) throw bad("too short");
  return model;
}

}  // namespace kansrijk
