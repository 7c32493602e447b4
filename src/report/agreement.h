// Intercoder agreement for the codes that coders put on turns: Krippendorff's alpha and Cohen's kappa for
// nominal data, and a summary of two coders' agreement on binary (present/absent) codes.
//
//   KrippendorffAlphaNominal({{1, 2, 3, 3, 2, 1, 4, 1, 2, {}, {}, {}},     // coder A; {} is a missing value
//                             {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, {}, 3},       // coder B
//                             {{}, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, {}},      // coder C
//                             {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, {}}})      // coder D
//                                                   == 0.743    // Krippendorff (2011), section C
//   CohenKappa({{20, 5}, {10, 15}})                 == 0.4
//   BinaryAgreement({.both = 1, .only_a = 1, .only_b = 3, .neither = 5})
//                                                   == {.units = 10, .percent = 0.6, .kappa = 0.0909, .alpha = 0.0952}
//
// Pure functions: no I/O, no state, the same input gives the same bits. A coefficient that is undefined for
// its data (no units, or no variation so that the expected disagreement is 0) is NaN, never an exception;
// the report shows it as "n/a". Malformed input (a negative count or category, a non-square table, coders
// with different numbers of units) throws Error (without a location) saying which argument is wrong.
#pragma once

#include <limits>
#include <optional>
#include <vector>

namespace kansrijk {

// Krippendorff's alpha for nominal data, any number of coders, missing values allowed. `data[c][u]` is
// coder c's category (an int >= 0) for unit u, or std::nullopt when c did not code u; every coder has the
// same number of units. With m_u the number of values of unit u, only units with m_u >= 2 are pairable;
// the others are ignored. From the coincidences o_ck = Σ_u (number of ordered pairs (c, k) of values of
// different coders in u) / (m_u − 1), n_c = Σ_k o_ck and n = Σ_c n_c (the number of pairable values):
//   alpha = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
// 1 is perfect agreement, 0 agreement at chance level, < 0 systematic disagreement. NaN when it is
// undefined: no pairable unit, or all pairable values in one category (D_e = 0), even though the coders then
// agree perfectly; Krippendorff treats that as data without variation that cannot show reliability.
// Krippendorff K (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication,
// University of Pennsylvania, sections A and C; Hayes AF, Krippendorff K (2007), Commun Methods Meas 1:77–89.
double KrippendorffAlphaNominal(const std::vector<std::vector<std::optional<int>>>& data);

// Cohen's kappa from a square contingency table of counts: table[i][j] is the number of units that coder A
// put in category i and coder B in category j. With N the total, p_o = Σ_i table[i][i] / N and
// p_e = Σ_i (row i sum)·(column i sum) / N²:
//   kappa = (p_o − p_e) / (1 − p_e).
// NaN when N = 0 or p_e = 1 (both coders put every unit in one and the same category). An empty (0 x 0)
// table has N = 0. CohenKappa({{20, 5}, {10, 15}}) == 0.4.
// Cohen J (1960), Educ Psychol Meas 20:37–46; Fleiss JL, Levin B, Paik MC (2003), Statistical Methods for
// Rates and Proportions, 3rd ed., §18.1.
double CohenKappa(const std::vector<std::vector<int>>& table);

// Two coders, one binary code, over the units both have coded: on how many units both applied it, only
// coder A, only coder B, or neither.
struct BinaryConfusion {
  int both = 0;
  int only_a = 0;
  int only_b = 0;
  int neither = 0;

  int units() const { return both + only_a + only_b + neither; }
};

struct Agreement {
  int units = 0;                                            // decisions compared
  double percent = std::numeric_limits<double>::quiet_NaN();  // share of units where A and B agree, 0..1
  double kappa = std::numeric_limits<double>::quiet_NaN();    // Cohen's kappa
  double alpha = std::numeric_limits<double>::quiet_NaN();    // Krippendorff's alpha, nominal
  BinaryConfusion confusion;
};

// Percent agreement, Cohen's kappa and Krippendorff's alpha of one binary code. percent =
// (both + neither) / units; kappa is CohenKappa({{both, only_a}, {only_b, neither}}); alpha is
// KrippendorffAlphaNominal on the same data (two coders, no missing values), which with n = 2·units values
// reduces to
//   alpha = 1 − (n − 1) · (only_a + only_b) / (n_present · n_absent),
//   n_present = 2·both + only_a + only_b,  n_absent = 2·neither + only_a + only_b.
// For two coders without missing values alpha = 1 − (n − 1)/n · (1 − pi), with Scott's pi (Krippendorff
// 2011, section C). Zero units give all three NaN; a code that neither (or both) coders applied anywhere
// gives percent 1 and kappa and alpha NaN. The counts must be non-negative.
// Scott WA (1955), Public Opin Q 19:321–325; the references of CohenKappa and KrippendorffAlphaNominal.
Agreement BinaryAgreement(const BinaryConfusion& confusion);

// The agreement over several binary codes, pooled by adding their confusions: every (unit, code) pair
// counts as one decision, so `units` is the number of such decisions and kappa and alpha take their chance
// agreement from the pooled margins. Frequent codes weigh more than rare ones, and a code with no variation
// of its own still counts. This is neither the mean of the per-code coefficients nor the pooled kappa of
// De Vries et al., which combines each code's observed and expected agreement under its own margins; we sum
// because the summed 2x2 table is one a reader can check by hand. An empty list gives zero units.
// De Vries H, Elliott MN, Kanouse DE, Teleki SS (2008), Field Methods 20:272–282 (the alternative).
Agreement PooledAgreement(const std::vector<BinaryConfusion>& per_code);

}  // namespace kansrijk
