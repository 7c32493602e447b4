// REFI-QDA 1.5 project exchange (.qdpx): the coded corpus to ATLAS.ti, MAXQDA, NVivo, QualCoder, f4 and back
// (docs/qdpx.md).
//
//   ExportQdpx(store, {}, "kansrijk.qdpx");                          // auto and every coder, with their memos
//   QdpxImportReport report = ImportQdpx(store, "uit-nvivo.qdpx", {.coder = "nvivo"});
//   WriteQdpxImportReport(report, std::cout);                        // what was matched, placed and left out
//
// Export writes project.qde (valid against Project.xsd) and sources/<guid>.txt, one per document, the text of
// exchange/document_text.h. GUIDs are derived from content (file, turn, byte span, code, coder), so two
// exports of the same database are byte-identical and a re-coded database keeps the ids of what did not
// change. Import places another tool's codings and memos on our documents as one researcher's manual work.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "exchange/document_text.h"
#include "store/store.h"

namespace kansrijk {

struct QdpxExportOptions {
  // Whose codings and memos go into the project: "auto" (the rules) and researchers' names. Empty: "auto" and
  // every coder with work in the database (Store::Coders()). A rule coding is left out when a listed
  // researcher rejected it; a rule coding appears once, made by "auto", however many researchers accepted it.
  std::vector<std::string> coders;
  std::string name = "kansrijk";  // Project/@name, shown by the other tool
};

// Writes the project to `out` (replaced if it exists). Throws Error when the database has no documents, when a
// listed coder has no work in the database, or when the file cannot be written.
void ExportQdpx(const Store& store, const QdpxExportOptions& options, const std::filesystem::path& out);

// The GUID export gives a user (coder), for tests and for matching an export with its import.
std::string QdpxUserGuid(const std::string& coder);

struct QdpxImportOptions {
  // Required. Every imported coding becomes a manual coding (ManualWork kCode) of this coder, every memo a
  // memo (kMemo); neither "" nor "auto".
  std::string coder;
  bool dry_run = false;  // report what would be imported; change nothing
};

struct QdpxImportReport {
  std::string file;             // as given
  std::string coder;            // whose work it became
  std::string project, origin;  // Project/@name and @origin
  // How positions were counted, when some source text has CRLF line ends (empty otherwise): "CRLF counted as
  // one code point (...)" or "CRLF counted as two code points (...)", with the evidence in brackets.
  std::string positions;

  struct MatchedSource {
    std::string source;  // the TextSource's name (else its guid)
    std::string file;    // our document
    std::string how;     // "same text", or "by content: 12 of 14 turns found"
    int selections = 0;  // PlainTextSelections in the source
    int placed = 0;
  };
  struct UnmatchedSource {
    std::string source;
    std::string why;
    int selections = 0;
  };
  struct Selection {
    std::string source;              // TextSource name
    int64_t start = 0, end = 0;      // as written in the project
    std::string text;                // the selected text (from the project's text), shortened
    std::string file;                // placed: our document
    std::vector<TurnSpan> turns;     // placed: one part per turn it covers (a selection across turns is split)
    std::vector<std::string> codes;  // placed: our codes it was coded with
    std::string why;                 // not placed: the reason
  };
  struct UnknownCode {
    std::string name;  // empty when a CodeRef points at no Code in the project's codebook
    std::string guid;
    int codings = 0;  // Codings (in any source) that use it: not imported
  };

  std::vector<MatchedSource> matched;
  std::vector<UnmatchedSource> unmatched;
  std::vector<Selection> placed;
  std::vector<Selection> not_placed;  // in matched sources only: zero-length, out of range, text not found,
                                      // codes unknown, whole-document codings
  std::vector<UnknownCode> unknown_codes;
  std::vector<ManualWork> codings;   // the manual codings added (or already there), kCode
  std::vector<ManualWork> memos;     // the memos as they now read (added, extended or already there), kMemo
  std::vector<std::string> seen;     // documents marked as seen (ManualWork kSeen without turn)
  std::vector<std::string> dropped;  // everything else left out, one line each (cases, sets, notes without a place...)
  bool applied = false;              // false in a dry run
};

// Reads a .qdpx (zip) or a bare .qde (its internal files then come from a `sources` folder beside it) and
// applies what it can place to our documents, in one transaction: all of it or, on an Error, none of it.
// Matching rules: docs/qdpx.md. Throws Error naming the file (and the line and column in the .qde) when it is
// not a zip, has no .qde, is not well-formed XML or is not a REFI-QDA project; everything it reads but cannot
// use is listed in the report instead.
QdpxImportReport ImportQdpx(Store& store, const std::filesystem::path& in, const QdpxImportOptions& options);

// The report as text for the terminal: a summary, then every source not matched, every selection not placed,
// the unknown codes and what was dropped.
void WriteQdpxImportReport(const QdpxImportReport& report, std::ostream& out);

}  // namespace kansrijk
