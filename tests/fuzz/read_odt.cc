// The .odt reader as `kansrijk ingest` runs it: ParseTranscript on a file's bytes, then SegmentTurn on every turn.
// An input that is not a zip archive is taken as content.xml (fuzz.h, ReadPackageAs).
#include "fuzz.h"

KANSRIJK_FUZZ_TARGET(read_odt) { kansrijk::fuzz::ReadPackageAs(input, "fuzz.odt"); }
