// The .srt reader as `kansrijk ingest` runs it: ParseTranscript on a file's bytes, then SegmentTurn on every turn.
#include "fuzz.h"

KANSRIJK_FUZZ_TARGET(read_srt) { kansrijk::fuzz::ReadAs(input, "fuzz.srt"); }
