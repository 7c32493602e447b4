// The .docx reader as `kansrijk ingest` runs it: ParseTranscript on a file's bytes, then SegmentTurn on every turn.
// An input that is not a zip archive is taken as word/document.xml (fuzz.h, ReadPackageAs).
#include "fuzz.h"

KANSRIJK_FUZZ_TARGET(read_docx) { kansrijk::fuzz::ReadPackageAs(input, "fuzz.docx"); }
