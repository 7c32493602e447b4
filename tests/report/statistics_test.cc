#include "report/statistics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "base/error.h"

// Every reference value below was computed with R 4.2.2 (Debian r-base-core), printed with
// sprintf("%.15g", ...); the R expression that produced it is in the comment beside it.

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kTolerance = 1e-6;
constexpr double kPublishedTolerance = 1e-4;  // values published to 4 decimals

TEST(Statistics, FisherMatchesR) {
  struct Case {
    int a, b, c, d;
    double expected;
  };
  const Case cases[] = {
      {3, 1, 1, 3, 0.485714285714286},        // R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value (tea tasting)
      {45, 15, 20, 38, 1.6076135296187e-05},  // R: fisher.test(matrix(c(45, 20, 15, 38), 2))$p.value
      {7, 3, 2, 8, 0.0697785186949273},       // R: fisher.test(matrix(c(7, 2, 3, 8), 2))$p.value
      {10, 0, 3, 7, 0.00309597523219814},     // R: fisher.test(matrix(c(10, 3, 0, 7), 2))$p.value
      {1, 9, 11, 3, 0.00275945618522008},     // R: fisher.test(matrix(c(1, 11, 9, 3), 2))$p.value
      {12, 5, 9, 14, 0.0623551694074497},     // R: fisher.test(matrix(c(12, 9, 5, 14), 2))$p.value
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(testing::Message() << t.a << " " << t.b << " " << t.c << " " << t.d);
    EXPECT_NEAR(FisherExactTwoSided(t.a, t.b, t.c, t.d), t.expected, kTolerance);
  }
}

TEST(Statistics, FisherTablesWithZeros) {
  EXPECT_NEAR(FisherExactTwoSided(0, 5, 5, 0), 0.00793650793650794, kTolerance);  // R: fisher.test(matrix(c(0, 5, 5, 0), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 7, 3, 0), 0.00833333333333333, kTolerance);  // R: fisher.test(matrix(c(0, 3, 7, 0), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 3, 2, 4), 0.5, kTolerance);   // R: fisher.test(matrix(c(0, 2, 3, 4), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 1, 1, 0), 1, kTolerance);     // R: fisher.test(matrix(c(0, 1, 1, 0), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 10, 0, 10), 1, kTolerance);   // R: fisher.test(matrix(c(0, 0, 10, 10), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 3, 0, 4), 1, kTolerance);     // R: fisher.test(matrix(c(0, 0, 3, 4), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(5, 0, 0, 0), 1, kTolerance);     // R: fisher.test(matrix(c(5, 0, 0, 0), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 0, 0, 0), 1, kTolerance);     // R: fisher.test(matrix(c(0, 0, 0, 0), 2))$p.value
}

// Tables with exactly the observed probability count. In the first four, std::lgamma (glibc) puts the
// observed probability a hair below its tie, so without R's 1 + 1e-7 tolerance these p-values would halve
// (0.2222, 0.1, 0.00113, 0.5). In the rest, equal column sums make the distribution symmetric.
TEST(Statistics, FisherCountsTablesTiedWithTheObservedOne) {
  EXPECT_NEAR(FisherExactTwoSided(0, 5, 2, 3), 0.444444444444445, kTolerance);   // R: fisher.test(matrix(c(0, 2, 5, 3), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 8, 3, 5), 0.2, kTolerance);                 // R: fisher.test(matrix(c(0, 3, 8, 5), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 9, 7, 2), 0.00226244343891403, kTolerance); // R: fisher.test(matrix(c(0, 7, 9, 2), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(0, 6, 1, 5), 1, kTolerance);                   // R: fisher.test(matrix(c(0, 1, 6, 5), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(1, 4, 4, 1), 0.206349206349206, kTolerance);   // R: fisher.test(matrix(c(1, 4, 4, 1), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(2, 7, 8, 3), 0.0697785186949273, kTolerance);  // R: fisher.test(matrix(c(2, 8, 7, 3), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(1, 2, 2, 1), 1, kTolerance);  // R: fisher.test(matrix(c(1, 2, 2, 1), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(2, 2, 2, 2), 1, kTolerance);  // R: fisher.test(matrix(c(2, 2, 2, 2), 2))$p.value
  EXPECT_NEAR(FisherExactTwoSided(3, 2, 2, 3), 1, kTolerance);  // R: fisher.test(matrix(c(3, 2, 2, 3), 2))$p.value
  // Mirrored tables have the same p-value.
  EXPECT_DOUBLE_EQ(FisherExactTwoSided(1, 4, 4, 1), FisherExactTwoSided(4, 1, 1, 4));
}

TEST(Statistics, FisherLargeTableRelativeError) {
  // R: fisher.test(matrix(c(450, 200, 150, 380), 2))$p.value
  const double expected = 2.06967522186371e-45;
  EXPECT_NEAR(FisherExactTwoSided(450, 150, 200, 380) / expected, 1, kTolerance);
}

TEST(Statistics, WilsonMatchesR) {
  struct Case {
    int x, n;
    double low, high;
  };
  const Case cases[] = {
      {0, 10, 0, 0.277532799862889},                   // R: prop.test(0, 10, correct = FALSE)$conf.int
      {10, 10, 0.722467200137111, 1},                  // R: prop.test(10, 10, correct = FALSE)$conf.int
      {9, 12, 0.467694665066434, 0.911058331605945},   // R: prop.test(9, 12, correct = FALSE)$conf.int
      {3, 10, 0.107791267406301, 0.603221852538855},   // R: prop.test(3, 10, correct = FALSE)$conf.int
      {1, 1, 0.206549314377238, 1},                    // R: prop.test(1, 1, correct = FALSE)$conf.int
      {56, 70, 0.691833555037469, 0.87695260751637},   // R: prop.test(56, 70, correct = FALSE)$conf.int
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(testing::Message() << t.x << "/" << t.n);
    const Interval ci = WilsonInterval(t.x, t.n);
    EXPECT_NEAR(ci.low, t.low, kTolerance);
    EXPECT_NEAR(ci.high, t.high, kTolerance);
  }
  // The ends are exact at 0 and n, as in R.
  EXPECT_EQ(WilsonInterval(0, 10).low, 0);
  EXPECT_EQ(WilsonInterval(10, 10).high, 1);
}

TEST(Statistics, WilsonOtherConfidenceLevels) {
  const Interval ninety = WilsonInterval(9, 12, 0.90);
  EXPECT_NEAR(ninety.low, 0.512661968196751, kTolerance);   // R: prop.test(9, 12, conf.level = 0.9, correct = FALSE)$conf.int
  EXPECT_NEAR(ninety.high, 0.895347434429511, kTolerance);
  const Interval ninety_nine = WilsonInterval(3, 10, 0.99);
  EXPECT_NEAR(ninety_nine.low, 0.0795663165230658, kTolerance);  // R: prop.test(3, 10, conf.level = 0.99, correct = FALSE)$conf.int
  EXPECT_NEAR(ninety_nine.high, 0.679975320798897, kTolerance);
}

TEST(Statistics, WilsonOfNothingIsEverything) {
  const Interval ci = WilsonInterval(0, 0);  // R's prop.test refuses n = 0; the contract is {0, 1}
  EXPECT_EQ(ci.low, 0);
  EXPECT_EQ(ci.high, 1);
}

// PropCIs is not packaged for Debian, so the references come from a transparent reimplementation of
// Newcombe's method 10 in R, on top of R's own Wilson interval:
//   wil <- function(x, n, cl) { z <- qnorm((1 + cl)/2); c0 <- (x + z^2/2)/(n + z^2);
//                               h <- z/(n + z^2)*sqrt(x*(n - x)/n + z^2/4); c(max(0, c0 - h), min(1, c0 + h)) }
//   newcombe <- function(x1, n1, x2, n2, cl = 0.95) { p1 <- x1/n1; p2 <- x2/n2; a <- wil(x1, n1, cl);
//     b <- wil(x2, n2, cl); c(p1 - p2 - sqrt((p1 - a[1])^2 + (b[2] - p2)^2),
//                             p1 - p2 + sqrt((a[2] - p1)^2 + (p2 - b[1])^2)) }
// (wil(9, 12, 0.95) equals prop.test(9, 12, correct = FALSE)$conf.int to all 15 digits.)
TEST(Statistics, NewcombeMatchesReimplementationInR) {
  struct Case {
    int x1, n1, x2, n2;
    double confidence, low, high;
  };
  const Case cases[] = {
      {9, 12, 3, 10, 0.95, 0.0357056674427617, 0.700766790195525},   // R: newcombe(9, 12, 3, 10)
      {0, 5, 5, 5, 0.95, -1, -0.385549005690344},                    // R: newcombe(0, 5, 5, 5)
      {56, 70, 48, 80, 0.95, 0.0524314724023649, 0.333872654036906}, // R: newcombe(56, 70, 48, 80)
      {9, 10, 3, 10, 0.95, 0.170522723934503, 0.809017973535488},    // R: newcombe(9, 10, 3, 10)
      {10, 10, 0, 10, 0.95, 0.607509350430524, 1},                   // R: newcombe(10, 10, 0, 10)
      {0, 10, 0, 10, 0.95, -0.277532799862889, 0.277532799862889},   // R: newcombe(0, 10, 0, 10)
      {9, 12, 3, 10, 0.90, 0.0992175363648792, 0.676047769058373},   // R: newcombe(9, 12, 3, 10, 0.9)
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(testing::Message() << t.x1 << "/" << t.n1 << " - " << t.x2 << "/" << t.n2 << " at " << t.confidence);
    const Interval ci = NewcombeDifferenceInterval(t.x1, t.n1, t.x2, t.n2, t.confidence);
    EXPECT_NEAR(ci.low, t.low, kTolerance);
    EXPECT_NEAR(ci.high, t.high, kTolerance);
  }
}

TEST(Statistics, NewcombeMatchesPublishedExample) {
  // Newcombe RG (1998), Stat Med 17:873-890, Table II, method 10: 56/70 - 48/80 → 0.0524 to 0.3339.
  const Interval ci = NewcombeDifferenceInterval(56, 70, 48, 80);
  EXPECT_NEAR(ci.low, 0.0524, kPublishedTolerance);
  EXPECT_NEAR(ci.high, 0.3339, kPublishedTolerance);
}

TEST(Statistics, NewcombeWithAnEmptyGroupIsEverything) {
  const Interval ci = NewcombeDifferenceInterval(3, 10, 0, 0);
  EXPECT_EQ(ci.low, -1);
  EXPECT_EQ(ci.high, 1);
}

TEST(Statistics, CochranArmitageMatchesR) {
  // R: t <- prop.trend.test(c(3, 5, 8, 11), c(10, 12, 12, 14), 2019:2022)
  //    t$statistic == 7.03074141048843, sqrt(t$statistic) == 2.65155452715731, t$p.value == 0.00801221746781706
  const TrendTest rising = CochranArmitage({3, 5, 8, 11}, {10, 12, 12, 14}, {2019, 2020, 2021, 2022});
  EXPECT_NEAR(rising.z, 2.65155452715731, kTolerance);
  EXPECT_NEAR(rising.z * rising.z, 7.03074141048843, kTolerance);
  EXPECT_NEAR(rising.p, 0.00801221746781706, kTolerance);

  // The same groups in reverse: the sign of z flips.
  // R: prop.trend.test(c(11, 8, 5, 3), c(14, 12, 12, 10), c(1, 2, 3, 4))$p.value == 0.00801221746781784
  const TrendTest falling = CochranArmitage({11, 8, 5, 3}, {14, 12, 12, 10}, {1, 2, 3, 4});
  EXPECT_NEAR(falling.z, -2.65155452715731, kTolerance);
  EXPECT_NEAR(falling.p, 0.00801221746781784, kTolerance);

  // Unequal score spacing. R: t <- prop.trend.test(c(2, 6, 5, 9), c(20, 20, 20, 20), c(0, 1, 2, 5))
  //   sqrt(t$statistic) == 2.27527846063813, t$p.value == 0.0228892307106799
  const TrendTest spaced = CochranArmitage({2, 6, 5, 9}, {20, 20, 20, 20}, {0, 1, 2, 5});
  EXPECT_NEAR(spaced.z, 2.27527846063813, kTolerance);
  EXPECT_NEAR(spaced.p, 0.0228892307106799, kTolerance);

  // An empty group counts for nothing (R drops its 0/0 proportion).
  // R: t <- prop.trend.test(c(4, 0, 6, 2), c(10, 0, 10, 10), c(1, 2, 3, 4))
  //   t$statistic == 0.357142857142858, t$p.value == 0.550097317230396
  const TrendTest gap = CochranArmitage({4, 0, 6, 2}, {10, 0, 10, 10}, {1, 2, 3, 4});
  EXPECT_NEAR(gap.z * gap.z, 0.357142857142858, kTolerance);
  EXPECT_NEAR(gap.p, 0.550097317230396, kTolerance);
}

TEST(Statistics, CochranArmitageFlat) {
  // R: prop.trend.test(c(3, 3, 3, 3), c(10, 10, 10, 10), 2019:2022) gives X-squared = 0, p-value = 1
  const TrendTest flat = CochranArmitage({3, 3, 3, 3}, {10, 10, 10, 10}, {2019, 2020, 2021, 2022});
  EXPECT_NEAR(flat.z, 0, kTolerance);
  EXPECT_NEAR(flat.p, 1, kTolerance);
  // R: prop.trend.test(c(15, 10, 12), c(30, 20, 24), c(0, 1, 2)) gives X-squared = 0, p-value = 1
  const TrendTest flat_unequal = CochranArmitage({15, 10, 12}, {30, 20, 24}, {0, 1, 2});
  EXPECT_NEAR(flat_unequal.z, 0, kTolerance);
  EXPECT_NEAR(flat_unequal.p, 1, kTolerance);
}

TEST(Statistics, CochranArmitageWithoutVarianceIsNoTrend) {
  // R's prop.trend.test gives NaN or an error here; the contract is z = 0, p = 1.
  for (const TrendTest& t : {CochranArmitage({0, 0, 0}, {5, 6, 7}, {1, 2, 3}),   // no successes
                             CochranArmitage({5, 6, 7}, {5, 6, 7}, {1, 2, 3}),   // all successes
                             CochranArmitage({1, 4, 2}, {5, 6, 7}, {3, 3, 3}),   // one score
                             CochranArmitage({1, 0, 2}, {5, 0, 7}, {2, 9, 2}),   // one score among non-empty groups
                             CochranArmitage({2}, {5}, {2020}), CochranArmitage({}, {}, {})}) {
    EXPECT_EQ(t.z, 0);
    EXPECT_EQ(t.p, 1);
  }
}

TEST(Statistics, BenjaminiHochbergMatchesR) {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.04, 0.20, 0.005), "BH") == 0.03 0.048 0.048 0.048 0.2 0.03
  const std::vector<double> adjusted = BenjaminiHochberg({0.01, 0.04, 0.03, 0.04, 0.20, 0.005});
  const std::vector<double> expected = {0.03, 0.048, 0.048, 0.048, 0.2, 0.03};
  ASSERT_EQ(adjusted.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(adjusted[i], expected[i], kTolerance) << i;

  // R: p.adjust(c(0.01, 0.04, 0.03), "BH") == 0.03 0.04 0.04
  const std::vector<double> small = BenjaminiHochberg({0.01, 0.04, 0.03});
  ASSERT_EQ(small.size(), 3u);
  EXPECT_NEAR(small[0], 0.03, kTolerance);
  EXPECT_NEAR(small[1], 0.04, kTolerance);
  EXPECT_NEAR(small[2], 0.04, kTolerance);

  // R: p.adjust(c(0.8, 0.9, 0.95), "BH") == 0.95 0.95 0.95
  for (double p : BenjaminiHochberg({0.8, 0.9, 0.95})) EXPECT_NEAR(p, 0.95, kTolerance);

  EXPECT_TRUE(BenjaminiHochberg({}).empty());
}

TEST(Statistics, BenjaminiHochbergSkipsMissingValues) {
  // R: p.adjust(c(0.5, 0.01, NA, 0.02, 0.9), "BH") == 0.666666666666667 0.04 NA 0.04 0.9
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> adjusted = BenjaminiHochberg({0.5, 0.01, nan, 0.02, 0.9});
  ASSERT_EQ(adjusted.size(), 5u);
  EXPECT_NEAR(adjusted[0], 0.666666666666667, kTolerance);
  EXPECT_NEAR(adjusted[1], 0.04, kTolerance);
  EXPECT_TRUE(std::isnan(adjusted[2]));
  EXPECT_NEAR(adjusted[3], 0.04, kTolerance);
  EXPECT_NEAR(adjusted[4], 0.9, kTolerance);
}

TEST(Statistics, NormalQuantileMatchesR) {
  struct Case {
    double p, expected;
  };
  const Case cases[] = {
      {0.975, 1.9599639845400536},     // R: sprintf("%.17g", qnorm(0.975))
      {0.025, -1.9599639845400538},    // R: sprintf("%.17g", qnorm(0.025))
      {0.95, 1.6448536269514715},      // R: sprintf("%.17g", qnorm(0.95))
      {0.995, 2.5758293035488999},     // R: sprintf("%.17g", qnorm(0.995))
      {0.9, 1.2815515655446008},       // R: sprintf("%.17g", qnorm(0.9))
      {0.5, 0},                        // R: qnorm(0.5)
      {0.02425, -1.9729610513118845},  // R: sprintf("%.17g", qnorm(0.02425)), where Acklam's regions meet
      {1e-10, -6.3613409024040557},    // R: sprintf("%.17g", qnorm(1e-10))
      {1e-300, -37.047096299361201},   // R: sprintf("%.17g", qnorm(1e-300))
  };
  for (const Case& t : cases) EXPECT_NEAR(NormalQuantile(t.p), t.expected, kTolerance) << t.p;
  EXPECT_EQ(NormalQuantile(0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(NormalQuantile(1), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(NormalQuantile(-0.1)));
  EXPECT_TRUE(std::isnan(NormalQuantile(1.1)));
  EXPECT_TRUE(std::isnan(NormalQuantile(std::numeric_limits<double>::quiet_NaN())));
}

TEST(Statistics, NormalTwoSidedPMatchesR) {
  EXPECT_NEAR(NormalTwoSidedP(1.96), 0.049995790296440856, kTolerance);   // R: 2 * pnorm(-abs(1.96))
  EXPECT_NEAR(NormalTwoSidedP(-2.5), 0.01241933065155227, kTolerance);    // R: 2 * pnorm(-abs(-2.5))
  EXPECT_NEAR(NormalTwoSidedP(3.2), 0.0013742758758316961, kTolerance);   // R: 2 * pnorm(-abs(3.2))
  EXPECT_EQ(NormalTwoSidedP(0), 1);                                       // R: 2 * pnorm(-abs(0))
  EXPECT_EQ(NormalTwoSidedP(1.5), NormalTwoSidedP(-1.5));
}

TEST(Statistics, RejectsImpossibleInput) {
  EXPECT_THAT([&] { WilsonInterval(11, 10); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "WilsonInterval: 11 successes of 10 is not a count (hint: successes and totals must satisfy 0 <= ")));
  EXPECT_THAT([&] { WilsonInterval(-1, 10); },
              ThrowsMessage<kansrijk::Error>(HasSubstr("WilsonInterval: -1 successes of 10 is not a count")));
  EXPECT_THAT([&] { WilsonInterval(3, 10, 95); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "WilsonInterval: confidence 95 is not between 0 and 1 (hint: write 95% as 0.95)")));
  EXPECT_THAT([&] { WilsonInterval(3, 10, 0); },
              ThrowsMessage<kansrijk::Error>(HasSubstr("WilsonInterval: confidence 0 is not between 0 and 1")));
  EXPECT_THAT([&] { FisherExactTwoSided(1, -2, 3, 4); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "FisherExactTwoSided: the table [[1, -2], [3, 4]] has a negative count")));
  EXPECT_THAT([&] { NewcombeDifferenceInterval(3, 2, 1, 5); },
              ThrowsMessage<kansrijk::Error>(HasSubstr("NewcombeDifferenceInterval: 3 successes of 2 is not a count")));
  EXPECT_THAT([&] { NewcombeDifferenceInterval(1, 2, 1, 5, 1); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "NewcombeDifferenceInterval: confidence 1 is not between 0 and 1")));
  EXPECT_THAT([&] { CochranArmitage({1, 2}, {3, 4}, {1}); },
              ThrowsMessage<kansrijk::Error>(HasSubstr(
                  "CochranArmitage: 2 successes, 2 totals and 1 scores (hint: give one success count")));
  EXPECT_THAT([&] { CochranArmitage({1, 5}, {3, 4}, {1, 2}); },
              ThrowsMessage<kansrijk::Error>(HasSubstr("CochranArmitage: 5 successes of 4 is not a count")));
}

}  // namespace
}  // namespace kansrijk
