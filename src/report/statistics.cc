#include "report/statistics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>

#include "base/error.h"

namespace kansrijk {

namespace {

void CheckCount(int successes, int n, const char* function) {
  if (n < 0 || successes < 0 || successes > n) {
    throw Error({}, fmt::format("{}: {} successes of {} is not a count", function, successes, n),
                "successes and totals must satisfy 0 <= successes <= total");
  }
}

void CheckConfidence(double confidence, const char* function) {
  if (!(confidence > 0 && confidence < 1)) {
    throw Error({}, fmt::format("{}: confidence {} is not between 0 and 1", function, confidence),
                "write 95% as 0.95");
  }
}

// log(n choose k) for 0 <= k <= n.
double LogChoose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

}  // namespace

Interval WilsonInterval(int successes, int n, double confidence) {
  CheckCount(successes, n, "WilsonInterval");
  CheckConfidence(confidence, "WilsonInterval");
  if (n == 0) return {0, 1};
  const double z = NormalQuantile((1 + confidence) / 2);
  const double z2 = z * z;
  const double x = successes;
  const double center = (x + z2 / 2) / (n + z2);
  const double half = z / (n + z2) * std::sqrt(x * (n - x) / n + z2 / 4);
  return {successes == 0 ? 0 : std::max(0.0, center - half), successes == n ? 1 : std::min(1.0, center + half)};
}

double FisherExactTwoSided(int a, int b, int c, int d) {
  if (a < 0 || b < 0 || c < 0 || d < 0) {
    throw Error({}, fmt::format("FisherExactTwoSided: the table [[{}, {}], [{}, {}]] has a negative count", a, b, c, d));
  }
  // As R: the first cell given the margins is hypergeometric. m, n: column sums; k: first row sum.
  const long long m = static_cast<long long>(a) + c;
  const long long n = static_cast<long long>(b) + d;
  const long long k = static_cast<long long>(a) + b;
  const long long lo = std::max(0LL, k - n);
  const long long hi = std::min(k, m);
  if (lo == hi) return 1;
  std::vector<double> log_density;
  log_density.reserve(static_cast<size_t>(hi - lo + 1));
  for (long long x = lo; x <= hi; ++x) log_density.push_back(LogChoose(m, x) + LogChoose(n, k - x));
  const double max_log = *std::max_element(log_density.begin(), log_density.end());
  std::vector<double> density;
  density.reserve(log_density.size());
  for (double l : log_density) density.push_back(std::exp(l - max_log));
  const double total = std::accumulate(density.begin(), density.end(), 0.0);
  for (double& p : density) p /= total;

  constexpr double kRelativeTolerance = 1 + 1e-7;  // R's relErr in fisher.test
  const double observed = density[static_cast<size_t>(a - lo)] * kRelativeTolerance;
  double p_value = 0;
  for (double p : density) {
    if (p <= observed) p_value += p;
  }
  return std::min(1.0, p_value);
}

Interval NewcombeDifferenceInterval(int x1, int n1, int x2, int n2, double confidence) {
  CheckCount(x1, n1, "NewcombeDifferenceInterval");
  CheckCount(x2, n2, "NewcombeDifferenceInterval");
  CheckConfidence(confidence, "NewcombeDifferenceInterval");
  if (n1 == 0 || n2 == 0) return {-1, 1};
  const double p1 = static_cast<double>(x1) / n1;
  const double p2 = static_cast<double>(x2) / n2;
  const Interval w1 = WilsonInterval(x1, n1, confidence);
  const Interval w2 = WilsonInterval(x2, n2, confidence);
  const double low = p1 - p2 - std::hypot(p1 - w1.low, w2.high - p2);
  const double high = p1 - p2 + std::hypot(w1.high - p1, p2 - w2.low);
  return {std::max(-1.0, low), std::min(1.0, high)};
}

TrendTest CochranArmitage(const std::vector<int>& successes, const std::vector<int>& totals,
                          const std::vector<double>& scores) {
  if (successes.size() != totals.size() || totals.size() != scores.size()) {
    throw Error({}, fmt::format("CochranArmitage: {} successes, {} totals and {} scores", successes.size(),
                                totals.size(), scores.size()),
                "give one success count, total and score per group");
  }
  long long all_successes = 0, all_totals = 0;
  double score_sum = 0;
  bool scores_differ = false;
  const double* first_score = nullptr;
  for (size_t i = 0; i < totals.size(); ++i) {
    CheckCount(successes[i], totals[i], "CochranArmitage");
    if (!std::isfinite(scores[i])) throw Error({}, fmt::format("CochranArmitage: score {} is not finite", scores[i]));
    if (totals[i] == 0) continue;
    all_successes += successes[i];
    all_totals += totals[i];
    score_sum += totals[i] * scores[i];
    if (first_score == nullptr) first_score = &scores[i];
    else if (scores[i] != *first_score) scores_differ = true;
  }
  // Decided on the integers and the exact scores, so a variance that is 0 in exact arithmetic is never
  // mistaken for a tiny rounding error.
  if (all_successes == 0 || all_successes == all_totals || !scores_differ) return {0, 1};

  const double p_bar = static_cast<double>(all_successes) / all_totals;
  const double score_mean = score_sum / all_totals;
  double statistic = 0, score_ss = 0;  // centred on the mean score: no cancellation for years such as 2019
  for (size_t i = 0; i < totals.size(); ++i) {
    const double centred = scores[i] - score_mean;
    statistic += successes[i] * centred;
    score_ss += totals[i] * centred * centred;
  }
  const double z = statistic / std::sqrt(p_bar * (1 - p_bar) * score_ss);
  return {z, NormalTwoSidedP(z)};
}

std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values) {
  std::vector<double> adjusted(p_values.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<size_t> order;  // of the non-NaN p-values, largest first, ties in input order (as R's order())
  for (size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p_values[x] > p_values[y]; });
  const double m = static_cast<double>(order.size());
  double running_min = std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < order.size(); ++j) {
    const double rank = m - static_cast<double>(j);  // ascending rank of order[j]
    running_min = std::min(running_min, m / rank * p_values[order[j]]);
    adjusted[order[j]] = std::min(1.0, running_min);
  }
  return adjusted;
}

double NormalQuantile(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0) return -std::numeric_limits<double>::infinity();
  if (p == 1) return std::numeric_limits<double>::infinity();
  // Work in the lower half, where Φ(x) = erfc(−x/√2)/2 keeps its relative accuracy; 1 − p is exact there.
  if (p > 0.5) return -NormalQuantile(1 - p);

  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLowRegion = 0.02425;
  double x;
  if (p < kLowRegion) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on f(x) = Φ(x) − p.
  const double error = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = error * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  if (std::isfinite(u)) x -= u / (1 + x * u / 2);
  return x;
}

double NormalTwoSidedP(double z) { return std::erfc(std::fabs(z) / std::numbers::sqrt2); }

}  // namespace kansrijk
