// The .vtt reader as `kansrijk ingest` runs it: ParseTranscript on a file's bytes, then SegmentTurn on every turn.
#include "fuzz.h"

KANSRIJK_FUZZ_TARGET(read_vtt) { kansrijk::fuzz::ReadAs(input, "fuzz.vtt"); }
