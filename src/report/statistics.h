// Small-sample statistics for the reports: proportions with confidence intervals, 2x2 tables, trends over
// years and multiple-testing correction. Every result agrees with R's to at least 6 significant digits.
//
//   WilsonInterval(9, 12)                     == Interval{0.4677, 0.9111}  // R: prop.test(9, 12, correct = FALSE)
//   FisherExactTwoSided(3, 1, 1, 3)           == 0.4857                    // R: fisher.test(matrix(c(3, 1, 1, 3), 2))
//   NewcombeDifferenceInterval(9, 12, 3, 10)  == Interval{0.0357, 0.7008}
//   CochranArmitage({3, 5, 8, 11}, {10, 12, 12, 14}, {2019, 2020, 2021, 2022}).p == 0.0080
//   BenjaminiHochberg({0.01, 0.04, 0.03})     == {0.03, 0.04, 0.04}
//
// Pure functions: no I/O, no state, the same input gives the same bits. Counts must be non-negative and
// successes at most their total; a `confidence` must lie strictly between 0 and 1. A violation throws Error
// (without a location) saying which argument is wrong.
#pragma once

#include <vector>

namespace kansrijk {

// A closed interval; for a proportion within [0, 1], for a difference of proportions within [-1, 1].
struct Interval {
  double low = 0;
  double high = 0;
};

// The Wilson score interval for a proportion, without continuity correction, as R's
// prop.test(successes, n, correct = FALSE)$conf.int and binom.confint(method = "wilson"):
//   (x + z²/2 ± z·sqrt(x(n − x)/n + z²/4)) / (n + z²),  z = NormalQuantile((1 + confidence) / 2),
// exactly 0 at x = 0 and exactly 1 at x = n. n = 0 gives {0, 1}.
// Wilson EB (1927), J Am Stat Assoc 22:209–212; Newcombe RG (1998), Stat Med 17:857–872, method 3.
Interval WilsonInterval(int successes, int n, double confidence = 0.95);

// The two-sided p-value of Fisher's exact test on the 2x2 table [[a, b], [c, d]], as R's
// fisher.test(matrix(c(a, c, b, d), 2))$p.value: the sum of the hypergeometric probabilities (margins fixed)
// of the tables no more probable than the observed one, "no more" with R's relative tolerance 1 + 1e-7 so
// that tables tied in exact arithmetic count. FisherExactTwoSided(3, 1, 1, 3) == 0.4857 (Fisher's tea
// tasting). A table with an empty margin gives 1.
// Fisher RA (1935), The Design of Experiments, §2; Agresti A (2013), Categorical Data Analysis, 3rd ed., §3.5.
double FisherExactTwoSided(int a, int b, int c, int d);

// The interval for p1 − p2 = x1/n1 − x2/n2 by Newcombe's hybrid score method, from the Wilson intervals
// (l1, u1) and (l2, u2) at the same confidence:
//   low  = p1 − p2 − sqrt((p1 − l1)² + (u2 − p2)²),  high = p1 − p2 + sqrt((u1 − p1)² + (p2 − l2)²).
// NewcombeDifferenceInterval(56, 70, 48, 80) == Interval{0.0524, 0.3339}. n1 = 0 or n2 = 0 gives {−1, 1}.
// Newcombe RG (1998), Stat Med 17:873–890, method 10 (Table II gives worked examples).
Interval NewcombeDifferenceInterval(int x1, int n1, int x2, int n2, double confidence = 0.95);

struct TrendTest {
  double z = 0;  // > 0 when the proportion rises with the score
  double p = 1;  // two-sided, from the normal approximation
};

// The Cochran–Armitage test for a linear trend in the proportions successes[i] / totals[i] against scores[i]
// (e.g. the years), two-sided. With N = Σ totals, p̄ = Σ successes / N, s̄ = Σ totals·scores / N:
//   z = Σ successes[i]·(scores[i] − s̄) / sqrt(p̄(1 − p̄) · Σ totals[i]·(scores[i] − s̄)²),
// so z² is R's prop.trend.test(successes, totals, scores)$statistic and p its p.value. Groups with total 0
// count for nothing. When the variance is 0 (no or all successes, fewer than two distinct scores among the
// non-empty groups) the result is {0, 1}. The three vectors must have the same length.
// Cochran WG (1954), Biometrics 10:417–451; Armitage P (1955), Biometrics 11:375–386.
TrendTest CochranArmitage(const std::vector<int>& successes, const std::vector<int>& totals,
                          const std::vector<double>& scores);

// Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order, as R's p.adjust(p, "BH"):
// with the m p-values ranked ascending, adjusted p(i) = min(1, min over j ≥ i of m/j · p(j)).
// BenjaminiHochberg({0.01, 0.04, 0.03}) == {0.03, 0.04, 0.04}. NaN entries (R's NA) stay NaN and are not
// counted in m. Ties get the same adjusted value.
// Benjamini Y, Hochberg Y (1995), J R Stat Soc B 57:289–300.
std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values);

// The standard normal quantile Φ⁻¹(p), as R's qnorm(p): NormalQuantile(0.975) == 1.959964. Acklam's rational
// approximation (relative error < 1.2e-9) with one Halley step on std::erfc, which makes it accurate to a
// few units in the last place. 0 gives −∞, 1 gives +∞, p outside [0, 1] or NaN gives NaN.
// Acklam PJ (2003), "An algorithm for computing the inverse normal cumulative distribution function".
double NormalQuantile(double p);

// The two-sided tail probability of a standard normal z, 2·Φ(−|z|) = erfc(|z|/√2), as R's 2 * pnorm(-abs(z)):
// NormalTwoSidedP(1.96) == 0.049996. Abramowitz M, Stegun IA (1964), Handbook of Mathematical Functions, 26.2.
double NormalTwoSidedP(double z);

}  // namespace kansrijk
