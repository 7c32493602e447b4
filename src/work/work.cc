#include "work/work.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "base/error.h"
#include "base/utf8.h"
#include "code/codebook.h"
#include "export/pseudonyms.h"

namespace kansrijk {

std::string ResolveDocument(const Store& store, const std::string& name) {
  std::vector<StoredDocument> documents = store.Documents();
  if (std::any_of(documents.begin(), documents.end(), [&](const auto& d) { return d.file == name; })) return name;
  if (std::optional<std::string> file = Pseudonyms::Load(store, {}).File(name)) return *file;
  throw Error({name}, "no such document in the database",
              "give the file relative to the corpus or its key (INT-2021-02), as `kansrijk export turns "
              "--no-pseudonymise` or `kansrijk export turns` lists them");
}

TurnRow NeedTurn(const Store& store, const std::string& file, int number) {
  std::optional<TurnRow> turn = store.FindTurn(file, number);
  if (!turn) {
    throw Error({file}, fmt::format("there is no turn {} in this document", number),
                "`kansrijk export turns --no-pseudonymise` lists the documents and their turns");
  }
  return *turn;
}

StoredCode NeedCode(const Store& store, const std::string& code) {
  std::string known;
  for (const StoredCode& c : store.Codes()) {
    if (c.code == code) return c;
    known += (known.empty() ? "" : ", ") + c.code;
  }
  throw Error({}, fmt::format("'{}' is not a code of the codebook", code),
              known.empty() ? "run `kansrijk code` first" : "the codes are: " + known);
}

std::optional<Span> PlaceSpan(const std::string& text, int turn_number, const SpanRequest& request) {
  if (request.start || request.end) {
    std::optional<size_t> begin, end;
    if (request.start && request.end) {
      begin = ByteOffsetOfCodePoint(text, *request.start);
      end = ByteOffsetOfCodePoint(text, *request.end);
    }
    if (!begin || !end || *begin >= *end) {
      throw Error({}, fmt::format("start '{}' and end '{}' are not a stretch of turn {} ({} characters)",
                                  request.start ? std::to_string(*request.start) : "",
                                  request.end ? std::to_string(*request.end) : "", turn_number,
                                  CodePointOffset(text, text.size())),
                  "give code-point offsets from 0, as `export codings` writes them, or only the words");
    }
    if (!request.words.empty() && text.compare(*begin, *end - *begin, request.words) != 0) {
      throw Error({}, fmt::format("the text does not match characters {}-{} of turn {}", *request.start,
                                  *request.end, turn_number),
                  "fix start and end, or clear them to place the coding by its text");
    }
    return Span{static_cast<uint32_t>(*begin), static_cast<uint32_t>(*end)};
  }
  if (request.words.empty()) return std::nullopt;
  size_t at = text.find(request.words);
  if (at == std::string::npos) {
    throw Error({}, fmt::format("the text '{}' does not occur in turn {}", request.words, turn_number),
                "copy the words exactly from the turn (`kansrijk explain FILE TURN` shows it)");
  }
  return Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + request.words.size())};
}

SpanRequest ParseSpan(const std::string& argument) {
  SpanRequest request;
  if (argument.empty()) return request;
  size_t colon = argument.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    request.start = std::stoul(argument.substr(0, colon));
    request.end = std::stoul(argument.substr(colon + 1));
  } catch (const std::logic_error&) {
    throw Error({}, fmt::format("--span {} is not START:END", argument),
                "give START:END in characters from 0, as `kansrijk export codings` writes start and end");
  }
  return request;
}

ManualWork PlaceCoding(const Store& store, const CodingRequest& request) {
  TurnRow turn = NeedTurn(store, request.file, request.turn);
  StoredCode code = NeedCode(store, request.code);
  ManualWork work{.kind = ManualWork::Kind::kCode, .coder = request.coder, .file = request.file,
                  .turn = request.turn, .code = request.code, .memo = request.memo};
  try {
    work.span = PlaceSpan(turn.text, request.turn, request.span);
  } catch (const Error& error) {
    throw Error({request.file}, error.message(), error.hint());
  }
  if (request.valence && *request.valence != '+' && *request.valence != '-') {
    throw Error({request.file}, fmt::format("valence '{}' is not + or -", *request.valence));
  }
  work.valence = request.valence.value_or(DefaultSign(ParseValence(code.valence).value_or(Valence::kNeutral)));
  return work;
}

int64_t AddCoding(Store& store, const CodingRequest& request) { return store.AddManual(PlaceCoding(store, request)); }

int64_t AddMemo(Store& store, const std::string& coder, const std::string& document, int turn,
                const std::string& code, const std::string& text) {
  if (document.empty() && code.empty()) throw Error({}, "say what the memo is on", "give --file, or --code");
  ManualWork work{.kind = ManualWork::Kind::kMemo, .coder = coder, .code = code, .memo = text};
  if (!document.empty()) work.file = ResolveDocument(store, document);
  if (!code.empty()) NeedCode(store, code);
  if (turn) work.turn = turn;
  return store.AddManual(work);
}

void MarkSeen(Store& store, const std::string& coder, const std::string& file, const std::vector<int>& turns) {
  store.Atomically([&] {
    if (turns.empty()) store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = coder, .file = file});
    for (int turn : turns) store.AddManual({.kind = ManualWork::Kind::kSeen, .coder = coder, .file = file, .turn = turn});
  });
}

std::filesystem::path PseudonymsFile(const Store& store, const std::string& given) {
  if (!given.empty()) return given;
  std::optional<std::string> root = store.CorpusRoot();
  if (!root) return {};
  std::filesystem::path beside = std::filesystem::path(*root) / "pseudonyms.csv";
  return std::filesystem::exists(beside) ? beside : std::filesystem::path();
}

std::string DescribeCoding(const Store& store, const ManualWork& work, int64_t id) {
  std::string text = NeedTurn(store, work.file, *work.turn).text;
  Span span = work.span.value_or(Span{0, static_cast<uint32_t>(text.size())});
  return fmt::format("coding {}: {}#{} {}{} by {} on \"{}\"", id, work.file, *work.turn, work.code, work.valence,
                     work.coder, CollapseWhitespace(text.substr(span.begin, span.size())));
}

std::string DescribeWork(const ManualWork& w) {
  std::string where = w.file.empty() ? "code " + w.code : w.file;
  if (w.turn) where += fmt::format("#{}", *w.turn);
  std::string what = ToString(w.kind);
  if (!w.file.empty() && !w.code.empty()) what += " " + w.code;
  if (w.kind == ManualWork::Kind::kCode) what += w.valence;
  std::string text = w.span_text.size() > 60 ? w.span_text.substr(0, 57) + "..." : w.span_text;
  return fmt::format("{:>5}  {:<12} {:<32} {:<28} {}{}{}", w.id, w.coder, where, what,
                     text.empty() ? "" : "\"" + CollapseWhitespace(text) + "\"", w.memo.empty() ? "" : "  memo: " + w.memo,
                     w.orphaned.empty() ? "" : "  ORPHANED: " + w.orphaned);
}

void WriteWorkList(const std::vector<ManualWork>& entries, bool orphans, std::ostream& out, std::ostream& err) {
  for (const ManualWork& w : entries) out << DescribeWork(w) << "\n";
  err << fmt::format("{} {}\n", entries.size(), orphans ? "orphaned" : "entries");
  if (orphans && !entries.empty()) {
    err << "They are kept. Code the new text again with `coding add`, then drop an orphan with "
           "`coding remove --id N`.\n";
  }
}

std::string DefaultCoder() {
  for (const char* name : {"KANSRIJK_CODER", "USER"}) {
    const char* value = std::getenv(name);
    if (value && *value) return value;
  }
  return "";
}

}  // namespace kansrijk
