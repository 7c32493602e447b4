// A REFI-QDA project as `kansrijk import qdpx` applies it: ImportQdpx on a small coded store (rolled back after
// each input), then the report the CLI prints. The input is a bare project.qde, whose sources come from the
// store's own export beside it, or a whole .qdpx when it starts with a zip header ("PK").
#include <filesystem>
#include <sstream>

#include "base/error.h"
#include "base/zip.h"
#include "exchange/qdpx.h"
#include "fuzz.h"

namespace fs = std::filesystem;
using namespace kansrijk;

KANSRIJK_FUZZ_TARGET(import_qdpx) {
  Store& store = fuzz::SharedStore();
  static const fs::path dir = [&] {
    fs::path d = fuzz::ScratchDir() / "qdpx";
    fs::create_directories(d);
    ExportQdpx(store, {}, d / "export.qdpx");
    ZipReader exported = ZipReader::Open(d / "export.qdpx", {.name = "export.qdpx", .kind = ".qdpx"});
    for (size_t i = 0; i < exported.members().size(); ++i) {
      if (exported.members()[i].starts_with("sources/")) {
        fuzz::WriteBytes(d / exported.members()[i], exported.Read(i, 64 << 20));
      }
    }
    return d;
  }();
  const fs::path file = dir / (input.starts_with("PK") ? "fuzz.qdpx" : "project.qde");
  fuzz::WriteBytes(file, input);
  fuzz::RolledBack(store, [&] {
    try {
      QdpxImportReport report = ImportQdpx(store, file, {.coder = "fuzz"});
      std::ostringstream out;
      WriteQdpxImportReport(report, out);
    } catch (const Error&) {
    }
  });
}
