// A reviewed codings sheet as `kansrijk import codings` applies it: ImportCodingsCsv on a small coded store (rolled
// back after each input), then the summary the CLI prints.
#include <sstream>

#include "base/error.h"
#include "exchange/codings_csv.h"
#include "fuzz.h"

using namespace kansrijk;

KANSRIJK_FUZZ_TARGET(import_codings) {
  Store& store = fuzz::SharedStore();
  const std::filesystem::path csv = fuzz::ScratchDir() / "codings.csv";
  fuzz::WriteBytes(csv, input);
  fuzz::RolledBack(store, [&] {
    try {
      CodingsImport result = ImportCodingsCsv(store, csv, "fuzz");
      std::ostringstream out;
      WriteCodingsImport(result, "codings.csv", "fuzz", out);
    } catch (const Error&) {
    }
  });
}
