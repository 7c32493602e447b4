#include "report/agreement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"

// Published values are checked to the digits they were published with. Every value with more digits was
// computed twice, independently, as an exact fraction: in R 4.2.2 from the coincidence matrix (Krippendorff
// 2011, section C) and the 2x2/kxk margins, and in Python 3 with fractions.Fraction from the pairwise form
// alpha = 1 − D_o/D_e, D_o = Σ_u Σ_{i≠j in u} [v_i ≠ v_j]/(m_u − 1) / n, D_e = Σ_{i≠j} [v_i ≠ v_j] / (n(n − 1)).

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

using Data = std::vector<std::vector<std::optional<int>>>;

constexpr double kTolerance = 1e-12;            // exact fractions, computed independently
constexpr double kPublishedTolerance = 0.0005;  // values published to 3 decimals

const std::optional<int> kMissing = std::nullopt;

// Krippendorff K (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication,
// University of Pennsylvania, section C: 4 observers, 12 units, missing values. Units 1..12 are the columns.
Data KrippendorffFourObservers() {
  return {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, kMissing, kMissing, kMissing},  // A
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, kMissing, 3},                // B
      {kMissing, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, kMissing},         // C
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, kMissing},                // D
  };
}

// Krippendorff (2011), section A: binary data, 2 observers, 10 units, no missing values.
Data KrippendorffBinary() {
  return {
      {0, 1, 0, 0, 0, 0, 0, 0, 1, 0},  // A
      {1, 1, 1, 0, 0, 1, 0, 0, 0, 0},  // B
  };
}

// Two coders' values for the units of a contingency table: table[i][j] units get i from A and j from B.
Data CodersFromTable(const std::vector<std::vector<int>>& table) {
  Data data(2);
  for (size_t i = 0; i < table.size(); ++i) {
    for (size_t j = 0; j < table[i].size(); ++j) {
      for (int unit = 0; unit < table[i][j]; ++unit) {
        data[0].push_back(static_cast<int>(i));
        data[1].push_back(static_cast<int>(j));
      }
    }
  }
  return data;
}

// Scott's pi for two coders without missing values: p_e from the category shares of both coders together.
double ScottPi(const std::vector<std::vector<int>>& table) {
  double n = 0, diagonal = 0;
  std::vector<double> share(table.size(), 0);
  for (size_t i = 0; i < table.size(); ++i) {
    for (size_t j = 0; j < table.size(); ++j) {
      n += table[i][j];
      share[i] += table[i][j];
      share[j] += table[i][j];
    }
    diagonal += table[i][i];
  }
  double p_e = 0;
  for (double s : share) p_e += (s / (2 * n)) * (s / (2 * n));
  return (diagonal / n - p_e) / (1 - p_e);
}

TEST(Agreement, KrippendorffPublishedNominalExample) {
  // Krippendorff (2011), section C: "alpha_nominal = 0.743".
  const double alpha = KrippendorffAlphaNominal(KrippendorffFourObservers());
  EXPECT_NEAR(alpha, 0.743, kPublishedTolerance);
  // Unit 12 has one value and is not pairable; n = 40 values remain, n_c = 9, 13, 10, 5, 3, Σ_{c≠k} o_ck = 8:
  // alpha = 1 − 39 · 8 / (40² − 384) = 113/152. R: kalpha(rbind(A, B, C, D)); Python: alpha([A, B, C, D]).
  EXPECT_NEAR(alpha, 113.0 / 152.0, kTolerance);  // 0.743421052631579
}

TEST(Agreement, KrippendorffPublishedBinaryExample) {
  // Krippendorff (2011), section A: "alpha = 0.095".
  const double alpha = KrippendorffAlphaNominal(KrippendorffBinary());
  EXPECT_NEAR(alpha, 0.095, kPublishedTolerance);
  // n = 20 values, 14 zeros and 6 ones, 4 disagreeing units: alpha = 1 − 19 · 8 / (2 · 14 · 6) = 2/21.
  EXPECT_NEAR(alpha, 2.0 / 21.0, kTolerance);  // 0.0952380952380952

  // The same data as a confusion of one binary code (1 = present): units 2 | 9 | 1, 3, 6 | the other five.
  const Agreement binary = BinaryAgreement({.both = 1, .only_a = 1, .only_b = 3, .neither = 5});
  EXPECT_EQ(binary.units, 10);
  EXPECT_NEAR(binary.percent, 0.6, kTolerance);
  EXPECT_NEAR(binary.alpha, 2.0 / 21.0, kTolerance);
  // Cohen: p_o = 0.6, p_e = 0.2 · 0.4 + 0.8 · 0.6 = 0.56, kappa = 0.04 / 0.44 = 1/11.
  EXPECT_NEAR(binary.kappa, 1.0 / 11.0, kTolerance);  // R: kappa(table(factor(bA, 0:1), factor(bB, 0:1)))
  EXPECT_EQ(binary.confusion.only_b, 3);
}

TEST(Agreement, KrippendorffIgnoresUnpairableUnitsAndOrder) {
  const double expected = 113.0 / 152.0;
  Data data = KrippendorffFourObservers();
  // Another unit with a single value, and a coder who coded nothing, change nothing.
  for (auto& coder : data) coder.push_back(kMissing);
  data[2].back() = 4;
  data.push_back(std::vector<std::optional<int>>(data[0].size(), kMissing));
  EXPECT_NEAR(KrippendorffAlphaNominal(data), expected, kTolerance);

  // Nor do the order of the coders, the order of the units or the numbering of the categories.
  Data shuffled = KrippendorffFourObservers();
  std::swap(shuffled[0], shuffled[3]);
  for (auto& coder : shuffled) {
    std::reverse(coder.begin(), coder.end());
    for (auto& value : coder) {
      if (value) value = 100 - 7 * *value;
    }
  }
  EXPECT_NEAR(KrippendorffAlphaNominal(shuffled), expected, kTolerance);
}

TEST(Agreement, KrippendorffMatchesScottsPiForTwoCoders) {
  // For two coders without missing values, 1 − alpha = (n − 1)/n · (1 − pi) with n = 2 · units values and
  // Scott's pi (Krippendorff 2011, section C); verified in exact arithmetic (Python fractions) for both tables:
  //   [[21, 6], [13, 20]]: pi = 1319/3599, alpha = 1338/3599
  //   Cohen (1968)'s table below: pi = 19/39, alpha = 127/260
  const std::vector<std::vector<int>> two_by_two = {{21, 6}, {13, 20}};
  const std::vector<std::vector<int>> three_by_three = {{88, 14, 18}, {10, 40, 10}, {2, 6, 12}};
  EXPECT_NEAR(ScottPi(two_by_two), 1319.0 / 3599.0, kTolerance);
  EXPECT_NEAR(ScottPi(three_by_three), 19.0 / 39.0, kTolerance);
  EXPECT_NEAR(KrippendorffAlphaNominal(CodersFromTable(two_by_two)), 1338.0 / 3599.0, kTolerance);
  EXPECT_NEAR(KrippendorffAlphaNominal(CodersFromTable(three_by_three)), 127.0 / 260.0, kTolerance);
  for (const auto& table : {two_by_two, three_by_three}) {
    const Data data = CodersFromTable(table);
    const double n = 2.0 * static_cast<double>(data[0].size());
    EXPECT_NEAR(KrippendorffAlphaNominal(data), 1 - (n - 1) / n * (1 - ScottPi(table)), kTolerance);
  }
}

TEST(Agreement, CohenKappaPublishedTwoByTwo) {
  // Wikipedia, "Cohen's kappa", worked example: 20 yes/yes, 5 A yes/B no, 10 A no/B yes, 15 no/no;
  // p_o = 0.7, p_e = 0.5, kappa = 0.4.
  EXPECT_NEAR(CohenKappa({{20, 5}, {10, 15}}), 0.4, kTolerance);
  // Kappa is symmetric in the coders.
  EXPECT_NEAR(CohenKappa({{20, 10}, {5, 15}}), 0.4, kTolerance);
}

TEST(Agreement, CohenKappaPublishedThreeByThree) {
  // Cohen J (1968), Psychol Bull 70:213–220: 200 units, proportions
  //   .44 .07 .09 / .05 .20 .05 / .01 .03 .06; Cohen reports unweighted kappa = .492 (the example is in
  // R psych's ?cohen.kappa, "cohen reports .492"). p_o = .70, p_e = .60·.50 + .30·.30 + .10·.20 = .41,
  // kappa = .29/.59 = 29/59 (R and Python fractions).
  const double kappa = CohenKappa({{88, 14, 18}, {10, 40, 10}, {2, 6, 12}});
  EXPECT_NEAR(kappa, 0.492, kPublishedTolerance);
  EXPECT_NEAR(kappa, 29.0 / 59.0, kTolerance);  // 0.491525423728813
}

TEST(Agreement, CohenKappaBounds) {
  EXPECT_NEAR(CohenKappa({{7, 0, 0}, {0, 3, 0}, {0, 0, 5}}), 1, kTolerance);  // perfect agreement
  EXPECT_NEAR(CohenKappa({{0, 5}, {5, 0}}), -1, kTolerance);                  // p_o = 0, p_e = 0.5
  EXPECT_NEAR(CohenKappa({{5, 5}, {5, 5}}), 0, kTolerance);                   // chance level
}

TEST(Agreement, OneCategoryEverywhereIsUndefined) {
  // Every unit in the same category: percent 1, but p_e = 1 and D_e = 0, so kappa and alpha are NaN.
  for (const BinaryConfusion& c : {BinaryConfusion{.neither = 12}, BinaryConfusion{.both = 12}}) {
    const Agreement a = BinaryAgreement(c);
    EXPECT_EQ(a.units, 12);
    EXPECT_EQ(a.percent, 1);
    EXPECT_TRUE(std::isnan(a.kappa));
    EXPECT_TRUE(std::isnan(a.alpha));
  }
  EXPECT_TRUE(std::isnan(CohenKappa({{0, 0, 0}, {0, 9, 0}, {0, 0, 0}})));
  EXPECT_TRUE(std::isnan(KrippendorffAlphaNominal({{3, 3, kMissing, 3}, {3, kMissing, 3, 3}, {kMissing, 3, 3, 3}})));
}

TEST(Agreement, PerfectAgreementWithVariationIsOne) {
  const Agreement a = BinaryAgreement({.both = 4, .neither = 6});
  EXPECT_EQ(a.percent, 1);
  EXPECT_NEAR(a.kappa, 1, kTolerance);
  EXPECT_NEAR(a.alpha, 1, kTolerance);
  EXPECT_NEAR(KrippendorffAlphaNominal({{0, 1, 2, kMissing}, {0, 1, 2, 2}, {kMissing, 1, 2, 2}}), 1, kTolerance);
}

TEST(Agreement, NothingToCompareIsUndefined) {
  const Agreement none = BinaryAgreement({});
  EXPECT_EQ(none.units, 0);
  EXPECT_TRUE(std::isnan(none.percent));
  EXPECT_TRUE(std::isnan(none.kappa));
  EXPECT_TRUE(std::isnan(none.alpha));

  EXPECT_TRUE(std::isnan(CohenKappa({})));
  EXPECT_TRUE(std::isnan(CohenKappa({{0, 0}, {0, 0}})));
  EXPECT_TRUE(std::isnan(KrippendorffAlphaNominal({})));
  EXPECT_TRUE(std::isnan(KrippendorffAlphaNominal({{}, {}})));
  EXPECT_TRUE(std::isnan(KrippendorffAlphaNominal({{1, 2, 1}})));  // one coder: no unit is pairable
  EXPECT_TRUE(std::isnan(KrippendorffAlphaNominal({{1, kMissing}, {kMissing, 2}})));

  const Agreement pooled = PooledAgreement({});
  EXPECT_EQ(pooled.units, 0);
  EXPECT_TRUE(std::isnan(pooled.percent));
}

TEST(Agreement, PooledAddsTheConfusions) {
  // {1, 1, 3, 5} + {20, 5, 10, 15} = {21, 6, 13, 20}: 60 decisions, p_o = 41/60, p_e = (27·34 + 33·26)/60²,
  // kappa = 684/1824 = 3/8; alpha = 1 − 119 · 19 / (61 · 59) = 1338/3599 (R and Python fractions).
  const Agreement pooled = PooledAgreement({{.both = 1, .only_a = 1, .only_b = 3, .neither = 5},
                                            {.both = 20, .only_a = 5, .only_b = 10, .neither = 15}});
  EXPECT_EQ(pooled.units, 60);
  EXPECT_EQ(pooled.confusion.both, 21);
  EXPECT_EQ(pooled.confusion.only_a, 6);
  EXPECT_EQ(pooled.confusion.only_b, 13);
  EXPECT_EQ(pooled.confusion.neither, 20);
  EXPECT_NEAR(pooled.percent, 41.0 / 60.0, kTolerance);
  EXPECT_NEAR(pooled.kappa, 3.0 / 8.0, kTolerance);
  EXPECT_NEAR(pooled.alpha, 1338.0 / 3599.0, kTolerance);

  // A code without variation of its own still counts in the pool.
  const Agreement with_constant = PooledAgreement({{.both = 4, .neither = 6}, {.neither = 10}});
  EXPECT_EQ(with_constant.units, 20);
  EXPECT_EQ(with_constant.percent, 1);
  EXPECT_NEAR(with_constant.kappa, 1, kTolerance);

  // One code pooled is that code.
  const Agreement single = PooledAgreement({{.both = 20, .only_a = 5, .only_b = 10, .neither = 15}});
  EXPECT_NEAR(single.kappa, 0.4, kTolerance);
}

TEST(Agreement, RejectsMalformedInput) {
  EXPECT_THAT([&] { CohenKappa({{1, 2}, {3}}); },  // ragged
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "CohenKappa: row 1 has 1 columns in a table of 2 rows (hint: the table must be square")));
  EXPECT_THAT([&] { CohenKappa({{1, 2, 3}, {4, 5, 6}}); },  // not square
              ThrowsMessage<kansrijk::Error>(HasSubstr("CohenKappa: row 0 has 3 columns in a table of 2 rows")));
  EXPECT_THAT([&] { CohenKappa({{1, -2}, {3, 4}}); },  // negative count
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "CohenKappa: cell [0][1] is -2 (hint: counts of units cannot be negative)")));
  EXPECT_THAT([&] { BinaryAgreement({.both = 3, .only_b = -1}); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "BinaryAgreement: the confusion {both 3, only_a 0, only_b -1, neither 0} has a negative count")));
  EXPECT_THAT([&] { PooledAgreement({{.both = 1}, {.neither = -4}}); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "PooledAgreement: the confusion {both 0, only_a 0, only_b 0, neither -4} has a negative count")));
  EXPECT_THAT([&] { PooledAgreement({{.both = 2'000'000'000}, {.neither = 2'000'000'000}}); },  // over INT_MAX
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "PooledAgreement: the codes have 4000000000 decisions together, more than 2147483647")));
  EXPECT_THAT([&] { KrippendorffAlphaNominal({{1, 2, 3}, {1, 2}}); },  // coders of different lengths
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "KrippendorffAlphaNominal: coder 1 has 2 units, coder 0 has 3 (hint: give every coder a value")));
  EXPECT_THAT([&] { KrippendorffAlphaNominal({{1, 2, 3}, {1, -1, 3}}); },  // negative category
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "KrippendorffAlphaNominal: coder 1 has category -1 for unit 1 (hint: categories are numbered")));

  // The message names the bad argument.
  try {
    CohenKappa({{1, 2}, {3, -4}});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("cell [1][1]"), std::string::npos) << e.message();
    EXPECT_TRUE(e.where().file.empty());
  }
  try {
    KrippendorffAlphaNominal({{1, 2, 3}, {1, 2, 3}, {1, 2}});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("coder 2"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace kansrijk
