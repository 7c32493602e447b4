// `kansrijk agree --coder A --coder B`: how well two coders agree, per code and over all codes.
//
//   CoderAgreement result = CompareCoders(store, {.a = "auto", .b = "marieke"});
//   WriteCoderAgreement(result, std::cout);
//
// The unit is the turn; for each code a coder says yes or no. Only turns BOTH coders have seen count:
//   - "auto" has seen every respondent turn (the turns `kansrijk code` codes);
//   - a researcher has seen the turns they coded, reviewed or marked seen (`kansrijk coding seen`), and every
//     turn of a document they marked seen as a whole (an imported QDA project marks the documents coded in it).
// A coder's yes: for "auto" a rule coding of the code on the turn; for a researcher their own coding of it, or
// their acceptance of the rule coding. A rule coding the researcher neither accepted nor rejected is not their
// yes: agreement is measured on what each coder affirmed, so an unreviewed turn cannot inflate it.
// Statistics (report/agreement.h): percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) per
// code; overall they are computed from the summed confusion counts (every turn × code one decision).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/agreement.h"
#include "store/store.h"

namespace kansrijk {

struct CoderAgreementOptions {
  std::string a, b;                // coder names; "auto" for the rules
  std::vector<std::string> codes;  // empty: every code either coder used, and the codebook's codes
};

struct CodeAgreement {
  std::string code;
  Agreement agreement;
};

struct CoderAgreement {
  std::string a, b;
  int units = 0;  // turns both have seen
  std::vector<CodeAgreement> codes;  // the codebook's order, then other codes by name
  Agreement overall;
};

// Throws Error when a coder has no work in the database (a misspelt name would otherwise give zero units).
CoderAgreement CompareCoders(const Store& store, const CoderAgreementOptions& options);

void WriteCoderAgreement(const CoderAgreement& result, std::ostream& out);  // a Markdown table

// `kansrijk agree`: with a gold file, one coder (default auto) against it (report/accuracy.h); without, two
// coders against each other. Error with a hint for any other number of coders. With a gold file and a
// `disagreements` path, the turns where coder and gold differ are also written there as CSV; `all_documents`
// counts every document of the database (MeasureAgainstGold).
void WriteAgreement(const Store& store, const std::string& gold, const std::vector<std::string>& coders,
                    const std::vector<std::string>& codes, std::ostream& out, const std::string& disagreements = "",
                    bool all_documents = false);

}  // namespace kansrijk
