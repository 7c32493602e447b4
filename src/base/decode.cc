#include "base/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <fmt/format.h>

#include <memory>

#include "base/error.h"

namespace kansrijk {

namespace {

constexpr int kUnsureConfidence = 50;

// Unmappable bytes become U+FFFD; the encodings we convert from map every byte.
std::string ConvertToUtf8(std::string_view bytes, const char* charset) {
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), charset);
  std::string out;
  text.toUTF8String(out);
  return out;
}

int Line(std::string_view bytes, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset; ++i) line += bytes[i] == '\n';
  return line;
}

// Removes control characters other than tab and line ends; they only come from broken exports.
int DropControls(std::string& text) {
  int dropped = 0;
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
      ++dropped;
      continue;
    }
    out += c;
  }
  text.swap(out);
  return dropped;
}

void RejectBinary(std::string_view bytes, const std::string& file) {
  size_t controls = 0;
  for (char c : bytes) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u == 0) throw Error({file}, "this is a binary file, not text (it contains NUL bytes)",
                            "export the transcript as .txt, .docx, .odt, .vtt or .srt");
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
  }
  if (controls > 8 && controls * 100 > bytes.size()) {
    throw Error({file}, "this looks like a binary file, not text (many control characters)",
                "export the transcript as .txt, .docx, .odt, .vtt or .srt");
  }
}

}  // namespace

size_t FirstInvalidUtf8(std::string_view bytes, int* multibyte_sequences) {
  const int32_t size = static_cast<int32_t>(bytes.size());
  size_t invalid = std::string_view::npos;
  int multibyte = 0;
  for (int32_t i = 0; i < size;) {
    int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes.data(), i, size, c);
    if (c < 0) {
      invalid = static_cast<size_t>(start);
      break;
    }
    if (i - start > 1) ++multibyte;
  }
  if (multibyte_sequences) *multibyte_sequences = multibyte;
  return invalid;
}

DecodedText DecodeText(std::string_view bytes, const std::string& file) {
  DecodedText result;
  if (bytes.empty()) throw Error({file}, "the file is empty", "remove it from the corpus or add the transcript text");
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    result.encoding = "UTF-8";
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    result.encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (bytes.size() % 2 != 0) {
      throw Error({file}, result.encoding + " file has an odd number of bytes: it is cut off or not UTF-16",
                  "save it again as UTF-8");
    }
    result.text = ConvertToUtf8(bytes.substr(2), result.encoding.c_str());
  }
  if (result.encoding.empty() || result.encoding == "UTF-8") {
    RejectBinary(bytes, file);
    int multibyte = 0;
    size_t invalid = FirstInvalidUtf8(bytes, &multibyte);
    if (invalid == std::string_view::npos) {
      result.encoding = "UTF-8";
      result.text = std::string(bytes);
    } else if (result.encoding == "UTF-8" || multibyte > 0) {
      // A BOM or valid multi-byte sequences say UTF-8; a stray invalid byte means a damaged or mixed file.
      throw Error({file, Line(bytes, invalid)},
                  fmt::format("invalid UTF-8 (byte 0x{:02X} at offset {}); the file mixes encodings",
                              static_cast<unsigned char>(bytes[invalid]), invalid),
                  "open it in an editor and save it again as UTF-8");
    } else {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), &ucsdet_close);
      ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
      const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
      std::string name = match ? ucsdet_getName(match, &status) : "windows-1252";
      result.confidence = match ? ucsdet_getConfidence(match, &status) : 0;
      // ICU names windows-1252 text without 0x80-0x9F bytes ISO-8859-1; windows-1252 is its superset.
      if (name == "ISO-8859-1" || name == "UTF-8" || name.starts_with("UTF-") || name == "US-ASCII") {
        name = "windows-1252";
      }
      result.encoding = name;
      result.unsure = U_FAILURE(status) || result.confidence < kUnsureConfidence;
      result.text = ConvertToUtf8(bytes, name.c_str());
    }
  }
  result.dropped_controls = DropControls(result.text);
  return result;
}

}  // namespace kansrijk
