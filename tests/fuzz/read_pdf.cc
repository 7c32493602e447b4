// The .pdf reader (poppler's text layer) as `kansrijk ingest` runs it: ParseTranscript on a file's bytes, then
// SegmentTurn on every turn.
#include "fuzz.h"

KANSRIJK_FUZZ_TARGET(read_pdf) { kansrijk::fuzz::ReadAs(input, "fuzz.pdf"); }
