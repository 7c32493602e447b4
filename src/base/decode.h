// Turns the bytes of a text file into UTF-8: transcripts (ingest/), CSV files (base/csv.h) and dictionaries (code/).
#pragma once

#include <string>
#include <string_view>

namespace kansrijk {

struct DecodedText {
  std::string text;       // UTF-8, no BOM, line ends as in the file
  std::string encoding;   // UTF-8, UTF-16LE, UTF-16BE, windows-1252, ISO-8859-1, ...
  int confidence = 100;   // ICU charset-detector confidence for 8-bit encodings, else 100
  bool unsure = false;    // the detector's confidence was low: the user should check the text
  int dropped_controls = 0;  // control characters (other than tab and line ends) removed from the text
};

// Decides the encoding by BOM (UTF-8, UTF-16LE/BE), then strict UTF-8, then ICU's charset detector for
// 8-bit text (ISO-8859-1 is read as its superset windows-1252, as browsers do). Throws Error naming `file`
// for an empty file, a binary file, or text that is mostly UTF-8 but has invalid bytes (with the line).
DecodedText DecodeText(std::string_view bytes, const std::string& file);

// The offset of the first invalid UTF-8 sequence in `bytes`, or npos when all of it is valid UTF-8. With
// `multibyte_sequences`, also counts the valid multi-byte sequences before that point.
size_t FirstInvalidUtf8(std::string_view bytes, int* multibyte_sequences = nullptr);

}  // namespace kansrijk
