#include "report/agreement.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <map>
#include <string>

#include "base/error.h"

namespace kansrijk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Nominal alpha from its ingredients: the off-diagonal coincidences Σ_{c≠k} o_ck, the number n of pairable
// values and the expected-disagreement sum Σ_{c≠k} n_c·n_k = Σ_c n_c·(n − n_c). The caller decides in
// integers whether that sum is 0, so that "undefined" never depends on rounding.
double NominalAlpha(double off_diagonal, double n, double expected_pairs) {
  return 1 - (n - 1) * off_diagonal / expected_pairs;
}

void CheckBinaryConfusion(const BinaryConfusion& c, const char* function) {
  if (c.both < 0 || c.only_a < 0 || c.only_b < 0 || c.neither < 0) {
    throw Error({}, fmt::format("{}: the confusion {{both {}, only_a {}, only_b {}, neither {}}} has a negative count",
                                function, c.both, c.only_a, c.only_b, c.neither),
                "counts of units cannot be negative");
  }
  const long long total = static_cast<long long>(c.both) + c.only_a + c.only_b + c.neither;
  if (total > INT_MAX) {
    throw Error({}, fmt::format("{}: the confusion has {} units, more than {}", function, total, INT_MAX));
  }
}

}  // namespace

double KrippendorffAlphaNominal(const std::vector<std::vector<std::optional<int>>>& data) {
  const size_t unit_count = data.empty() ? 0 : data[0].size();
  for (size_t c = 0; c < data.size(); ++c) {
    if (data[c].size() != unit_count) {
      throw Error({}, fmt::format("KrippendorffAlphaNominal: coder {} has {} units, coder 0 has {}", c,
                                  data[c].size(), unit_count),
                  "give every coder a value or std::nullopt for every unit");
    }
    for (size_t u = 0; u < unit_count; ++u) {
      if (data[c][u] && *data[c][u] < 0) {
        throw Error({}, fmt::format("KrippendorffAlphaNominal: coder {} has category {} for unit {}", c,
                                    *data[c][u], u),
                    "categories are numbered from 0; write a missing value as std::nullopt");
      }
    }
  }

  std::map<int, long long> value_counts;  // n_c over the pairable units
  long long n = 0;
  double off_diagonal = 0;  // Σ_{c≠k} o_ck
  std::vector<int> values;
  for (size_t u = 0; u < unit_count; ++u) {
    values.clear();
    for (const auto& coder : data) {
      if (coder[u]) values.push_back(*coder[u]);
    }
    const long long m = static_cast<long long>(values.size());
    if (m < 2) continue;
    std::sort(values.begin(), values.end());
    // Ordered pairs of values from different coders in this unit: m² − Σ_c n_uc² of them differ.
    long long same_pairs = 0;
    for (size_t i = 0; i < values.size();) {
      size_t j = i;
      while (j < values.size() && values[j] == values[i]) ++j;
      const long long run = static_cast<long long>(j - i);
      same_pairs += run * run;
      value_counts[values[i]] += run;
      i = j;
    }
    off_diagonal += static_cast<double>(m * m - same_pairs) / static_cast<double>(m - 1);
    n += m;
  }
  // D_e = 0 exactly when fewer than two categories occur among the pairable values (or there are none).
  if (value_counts.size() < 2) return kNaN;
  double expected_pairs = 0;
  for (const auto& [category, count] : value_counts) expected_pairs += static_cast<double>(count) * (n - count);
  return NominalAlpha(off_diagonal, static_cast<double>(n), expected_pairs);
}

double CohenKappa(const std::vector<std::vector<int>>& table) {
  const size_t k = table.size();
  long long total = 0;
  for (size_t i = 0; i < k; ++i) {
    if (table[i].size() != k) {
      throw Error({}, fmt::format("CohenKappa: row {} has {} columns in a table of {} rows", i, table[i].size(), k),
                  "the table must be square: one row and one column per category, in the same order");
    }
    for (size_t j = 0; j < k; ++j) {
      if (table[i][j] < 0) {
        throw Error({}, fmt::format("CohenKappa: cell [{}][{}] is {}", i, j, table[i][j]),
                    "counts of units cannot be negative");
      }
      total += table[i][j];
    }
  }
  if (total > INT_MAX) throw Error({}, fmt::format("CohenKappa: the table has {} units, more than {}", total, INT_MAX));
  if (total == 0) return kNaN;

  // In integers (total² < 2^62): kappa = (N·Σ diagonal − Σ r_i·c_i) / (N² − Σ r_i·c_i).
  long long diagonal = 0, chance = 0;
  for (size_t i = 0; i < k; ++i) {
    long long row = 0, column = 0;
    for (size_t j = 0; j < k; ++j) {
      row += table[i][j];
      column += table[j][i];
    }
    diagonal += table[i][i];
    chance += row * column;
  }
  const long long denominator = total * total - chance;
  if (denominator == 0) return kNaN;  // p_e = 1
  return static_cast<double>(total * diagonal - chance) / static_cast<double>(denominator);
}

Agreement BinaryAgreement(const BinaryConfusion& confusion) {
  CheckBinaryConfusion(confusion, "BinaryAgreement");
  Agreement result;
  result.confusion = confusion;
  result.units = confusion.units();
  if (result.units == 0) return result;

  const int agree = confusion.both + confusion.neither;
  const long long disagree = static_cast<long long>(confusion.only_a) + confusion.only_b;
  result.percent = static_cast<double>(agree) / result.units;
  result.kappa = CohenKappa({{confusion.both, confusion.only_a}, {confusion.only_b, confusion.neither}});

  // The coincidence matrix of two coders without missing values: o_11 = 2·both, o_00 = 2·neither,
  // o_01 = o_10 = only_a + only_b.
  const long long n = 2LL * result.units;
  const long long present = 2LL * confusion.both + disagree;
  const long long absent = 2LL * confusion.neither + disagree;
  if (present > 0 && absent > 0) {
    result.alpha = NominalAlpha(2.0 * static_cast<double>(disagree), static_cast<double>(n),
                                2.0 * static_cast<double>(present) * static_cast<double>(absent));
  }
  return result;
}

Agreement PooledAgreement(const std::vector<BinaryConfusion>& per_code) {
  long long both = 0, only_a = 0, only_b = 0, neither = 0;
  for (const BinaryConfusion& c : per_code) {
    CheckBinaryConfusion(c, "PooledAgreement");
    both += c.both;
    only_a += c.only_a;
    only_b += c.only_b;
    neither += c.neither;
  }
  const long long total = both + only_a + only_b + neither;
  if (total > INT_MAX) {
    throw Error({}, fmt::format("PooledAgreement: the codes have {} decisions together, more than {}", total, INT_MAX));
  }
  return BinaryAgreement({static_cast<int>(both), static_cast<int>(only_a), static_cast<int>(only_b),
                          static_cast<int>(neither)});
}

}  // namespace kansrijk
