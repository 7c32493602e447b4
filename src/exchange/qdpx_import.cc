// REFI-QDA project import: qdpx_project.h opens the .qdpx or .qde, pugixml reads project.qde, qdpx_matching.h
// finds our documents, and the Store takes the placed work in one transaction. docs/qdpx.md is the user's side
// of the decisions made here.
#include "exchange/qdpx.h"

#include <fmt/format.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string_view>
#include <tuple>

#include "base/error.h"
#include "base/guid.h"
#include "base/utf8.h"
#include "base/xml.h"
#include "exchange/qdc.h"
#include "exchange/qdpx_common.h"
#include "exchange/qdpx_matching.h"
#include "exchange/qdpx_project.h"

namespace kansrijk {

namespace {

using qdpx::ConventionChoice;
using qdpx::Convention;
using qdpx::kAuto;
using qdpx::kImportHint;
using qdpx::kManualCodebook;
using qdpx::kProjectNamespace;
using qdpx::kSnippetChars;
using qdpx::Locate;
using qdpx::Lower;
using qdpx::MatchSource;
using qdpx::OurDocument;
using qdpx::OurDocuments;
using qdpx::ProjectFiles;
using qdpx::RenderDocuments;
using qdpx::Snippet;
using qdpx::SourceEvidence;
using qdpx::SourceMatch;
using qdpx::SourceText;
using qdpx::ToLf;

pugi::xml_node Child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

// Every element called `name` below `node`, in document order.
void Descendants(const pugi::xml_node& node, std::string_view name, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (LocalName(child) == name) out.push_back(child);
    Descendants(child, name, out);
  }
}

// The text of an element: its character data and CDATA sections, joined.
std::string TextOf(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) out += part.value();
  }
  return out;
}

// Unicode case folding, for matching code names.
std::string Fold(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

// The key a GUID attribute is looked up by: canonical (no braces, lower case), or as written when it is not a
// GUID at all, so that two odd ones stay apart.
std::string GuidKey(std::string_view written) {
  std::string guid = CanonicalGuid(written);
  return guid.empty() ? std::string(written) : guid;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.starts_with('+')) text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

class Importer {
 public:
  Importer(Store& store, const std::filesystem::path& in, const QdpxImportOptions& options)
      : store_(store), options_(options), files_(in) {
    report_.file = in.string();
    report_.coder = options.coder;
  }

  QdpxImportReport Run() {
    Parse();
    ReadCodebook();
    for (pugi::xml_node notes : Children(project_, "Notes")) {
      for (pugi::xml_node note : Children(notes, "Note")) notes_[GuidKey(note.attribute("guid").value())] = note;
    }
    documents_store_ = RenderDocuments(store_);
    ours_ = OurDocuments(documents_store_);
    ReadSources();
    DecideConvention();
    for (Source& source : sources_) PlaceSelections(source);
    CodeMemos();
    ReportUnknownCodes();
    ReportDropped();
    Apply();
    return std::move(report_);
  }

 private:
  struct Source {
    pugi::xml_node node;
    std::string name;
    std::optional<SourceText> text;
    const OurDocument* document = nullptr;
    bool exact = false;
    size_t report = 0;  // index in report_.matched
  };
  struct OurCode {
    std::string id;
    char valence = '+';
  };

  Location At(const pugi::xml_node& node) const {
    ptrdiff_t offset = node.offset_debug();
    if (offset < 0) return {files_.qde_name()};
    LineColumn at = LineColumnAt(qde_text_, static_cast<size_t>(offset));
    return {files_.qde_name(), at.line, at.column};
  }

  void Parse() {
    qde_text_ = std::string(WithoutBom(files_.qde()));
    pugi::xml_parse_result parsed =
        document_.load_buffer(qde_text_.data(), qde_text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      LineColumn at = LineColumnAt(qde_text_, static_cast<size_t>(std::max<ptrdiff_t>(0, parsed.offset)));
      throw Error({files_.qde_name(), at.line, at.column}, std::string("not well-formed XML: ") + parsed.description(),
                  kImportHint);
    }
    project_ = document_.document_element();
    if (LocalName(project_) != "Project") {
      throw Error(
          At(project_), fmt::format("the root element is <{}>, not <Project>", project_.name()),
          LocalName(project_) == "CodeBook" ? "this is a codebook: use `kansrijk codebook import`" : kImportHint);
    }
    std::string_view root = project_.name();
    size_t colon = root.find(':');
    std::string xmlns = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(root.substr(0, colon));
    std::string_view ns = project_.attribute(xmlns.c_str()).as_string();
    if (!ns.empty() && !ns.starts_with("urn:QDA-XML:project:")) {
      throw Error(At(project_), fmt::format("unknown namespace '{}'", ns),
                  fmt::format("a REFI-QDA project has the namespace {}", kProjectNamespace));
    }
    report_.project = project_.attribute("name").as_string();
    report_.origin = project_.attribute("origin").as_string();
  }

  // Our codes (stored codebooks, and codes of manual codings) and how the project's codes map onto them:
  // by our own GUID, by name = our code id, by name = a code's label when only one code has it (case-insensitive).
  void ReadCodebook() {
    std::map<std::string, OurCode> by_id, by_guid;
    std::map<std::string, std::vector<OurCode>> by_label;
    auto add = [&](const std::string& codebook, const std::string& id, const std::string& valence) {
      OurCode code{id, DefaultSign(ParseValence(valence).value_or(Valence::kNeutral))};
      by_id.emplace(Fold(id), code);
      by_guid.emplace(QdcCodeGuid(codebook, id), code);
      by_guid.emplace(QdcCodeGuid(kManualCodebook, id), code);
      return code;
    };
    for (const StoredCode& c : store_.Codes()) {
      OurCode code = add(c.codebook_id, c.code, c.valence);
      std::set<std::string> labels = {Fold(c.label_nl), Fold(c.label_en)};
      for (const std::string& label : labels) {
        if (!label.empty()) by_label[label].push_back(code);
      }
    }
    for (const ManualWork& w : store_.ManualWorkList({})) {
      if (w.kind == ManualWork::Kind::kCode && !by_id.contains(Fold(w.code))) add(kManualCodebook, w.code, "");
    }
    our_guids_ = by_guid;
    std::vector<pugi::xml_node> stack;
    for (pugi::xml_node book : Children(project_, "CodeBook")) {
      for (pugi::xml_node codes : Children(book, "Codes")) {
        for (pugi::xml_node code : Children(codes, "Code")) stack.push_back(code);
      }
    }
    while (!stack.empty()) {
      pugi::xml_node node = stack.back();
      stack.pop_back();
      for (pugi::xml_node child : Children(node, "Code")) stack.push_back(child);
      std::string guid = GuidKey(node.attribute("guid").value());
      std::string name = node.attribute("name").as_string();
      std::string codable = Lower(node.attribute("isCodable").as_string("true"));
      ProjectCode& code = codes_[guid];
      code.name = name;
      code.codable = codable != "false" && codable != "0";
      code.node = node;
      if (auto g = by_guid.find(guid); g != by_guid.end()) {
        code.ours = g->second;
      } else if (auto i = by_id.find(Fold(name)); i != by_id.end()) {
        code.ours = i->second;
      } else if (auto l = by_label.find(Fold(name)); l != by_label.end() && l->second.size() == 1) {
        code.ours = l->second.front();
      }
    }
  }

  // Our code for a CodeRef's target; counts the coding for the report of unknown codes.
  std::optional<OurCode> CodeFor(const pugi::xml_node& coding) {
    std::string written = Child(coding, "CodeRef").attribute("targetGUID").value();
    std::string guid = GuidKey(written);
    auto found = codes_.find(guid);
    if (found != codes_.end()) return found->second.ours;
    if (auto ours = our_guids_.find(guid); ours != our_guids_.end()) return ours->second;
    return std::nullopt;
  }

  // Reads every source's text and matches it to one of our documents.
  void ReadSources() {
    for (pugi::xml_node sources : Children(project_, "Sources")) {
      for (pugi::xml_node node : sources.children()) {
        if (node.type() != pugi::node_element) continue;
        std::string name = node.attribute("name").as_string();
        if (name.empty()) name = node.attribute("guid").as_string();
        int selections = static_cast<int>(Children(node, "PlainTextSelection").size());
        if (LocalName(node) != "TextSource") {
          report_.unmatched.push_back({name, fmt::format("a {}: only text sources are imported", LocalName(node)), 0});
          continue;
        }
        Source source{node, name, std::nullopt, nullptr, false, 0};
        std::string why;
        if (pugi::xml_node content = Child(node, "PlainTextContent")) {
          source.text.emplace(TextOf(content));
        } else if (std::string path = node.attribute("plainTextPath").as_string(); path.empty()) {
          why = "it has no text (neither PlainTextContent nor plainTextPath)";
        } else if (Lower(path).starts_with("internal:")) {
          std::optional<std::string> bytes = files_.Internal(std::string_view(path).substr(9));
          if (bytes)
            source.text.emplace(*bytes);
          else
            why = fmt::format("its text {} is not in the project file{}", path,
                              files_.zipped() ? "" : " (nor in a sources folder beside it)");
        } else {
          why = fmt::format("its text is outside the project file ({}); only texts inside the .qdpx are read", path);
        }
        if (source.text) {
          SourceMatch match = MatchSource(*source.text, ours_);
          source.document = match.document;
          source.exact = match.exact;
          if (!match.exact) why = match.how;
        }
        if (!source.document) {
          report_.unmatched.push_back({name, why, selections});
          continue;
        }
        source.report = report_.matched.size();
        report_.matched.push_back({name, source.document->file, source.exact ? "same text" : why, selections, 0});
        sources_.push_back(std::move(source));
      }
    }
  }

  // How the positions count a CRLF line end (qdpx::DecideConvention), for the texts that have one.
  void DecideConvention() {
    std::vector<SourceEvidence> evidence;
    for (const Source& source : sources_) {
      SourceEvidence e{&*source.text, source.document, source.exact, {}};
      for (pugi::xml_node selection : Children(source.node, "PlainTextSelection")) {
        std::optional<int64_t> start = ParseInt(selection.attribute("startPosition").value());
        std::optional<int64_t> end = ParseInt(selection.attribute("endPosition").value());
        if (!start || !end || *start >= *end) continue;
        e.selections.push_back({*start, *end, selection.attribute("name").as_string()});
      }
      evidence.push_back(std::move(e));
    }
    if (std::optional<ConventionChoice> choice = qdpx::DecideConvention(evidence, report_.origin)) {
      convention_ = choice->convention;
      report_.positions = choice->why;
    }
  }

  std::string NoteText(const std::string& target) {
    std::string guid = GuidKey(target);
    auto found = notes_.find(guid);
    if (found == notes_.end()) {
      report_.dropped.push_back(fmt::format("a NoteRef to {}, which is not in <Notes>", target));
      return "";
    }
    pugi::xml_node note = found->second;
    std::string text;
    if (pugi::xml_node content = Child(note, "PlainTextContent")) {
      text = TextOf(content);
    } else if (std::string path = note.attribute("plainTextPath").as_string(); Lower(path).starts_with("internal:")) {
      std::optional<std::string> bytes = files_.Internal(std::string_view(path).substr(9));
      if (!bytes) {
        report_.dropped.push_back(fmt::format("note {}: its text {} is not in the project file", target, path));
        return "";
      }
      text = SourceText(*bytes).lf_utf8;
    }
    return std::string(Trim(text));
  }

  // Collects a memo for (file, turn, code); several on one thing are joined.
  void AddMemo(const std::string& file, std::optional<int> turn, const std::string& code, const std::string& key,
               const std::string& text) {
    if (text.empty()) return;
    auto target = std::tuple{file, turn.value_or(0), code};
    MemoPlan& plan = memos_[target];
    if (!plan.keys.insert(key).second) return;
    plan.work = {.kind = ManualWork::Kind::kMemo, .coder = options_.coder, .file = file, .turn = turn, .code = code};
    plan.texts.push_back(text);
  }

  // Places a source's selections, and its memos, on our document.
  void PlaceSelections(Source& source) {
    using Selection = QdpxImportReport::Selection;
    const std::string& file = source.document->file;
    const DocumentText& ours = *source.document->text;
    for (pugi::xml_node node : Children(source.node, "PlainTextSelection")) {
      Selection s{source.name, 0, 0, "", "", {}, {}, ""};
      std::optional<int64_t> start = ParseInt(node.attribute("startPosition").value());
      std::optional<int64_t> end = ParseInt(node.attribute("endPosition").value());
      std::vector<pugi::xml_node> codings = Children(node, "Coding");
      std::vector<std::optional<OurCode>> codes;
      for (pugi::xml_node coding : codings) codes.push_back(CodeFor(coding));
      auto not_placed = [&](const std::string& why) {
        s.why = why;
        report_.not_placed.push_back(s);
      };
      if (!start || !end) {
        not_placed(fmt::format("its positions '{}'–'{}' are not numbers", node.attribute("startPosition").value(),
                               node.attribute("endPosition").value()));
        continue;
      }
      s.start = *start;
      s.end = *end;
      if (*start == *end) {
        not_placed("a zero-length selection (it selects no text)");
        continue;
      }
      if (*start > *end || *start < 0) {
        not_placed("its start lies after its end");
        continue;
      }
      auto range = ToLf(*source.text, *start, *end, convention_);
      if (!range) {
        not_placed(
            fmt::format("it lies beyond the end of the text ({} code points)",
                        convention_ == Convention::kCrLfIsTwo ? source.text->raw.size() : source.text->lf.size()));
        continue;
      }
      std::string text = source.text->Utf8(range->first, range->second);
      s.text = Snippet(text, kSnippetChars);
      auto placed = Locate(*source.text, *source.document, source.exact, range->first, range->second);
      if (!placed) {
        not_placed(fmt::format("its text was not found in {}", file));
        continue;
      }
      s.turns = ours.TurnSpans(placed->first, placed->second);
      if (s.turns.empty()) {
        not_placed("it covers only speaker labels and blank lines");
        continue;
      }
      std::string description = std::string(Trim(TextOf(Child(node, "Description"))));
      std::vector<pugi::xml_node> note_refs = Children(node, "NoteRef");
      bool any_code = std::any_of(codes.begin(), codes.end(), [](const auto& c) { return c.has_value(); });
      if (!any_code && note_refs.empty() && description.empty()) {
        std::string unknown;
        for (pugi::xml_node coding : codings) {
          std::string guid = Child(coding, "CodeRef").attribute("targetGUID").value();
          auto code = codes_.find(GuidKey(guid));
          unknown += (unknown.empty() ? "" : ", ") + (code != codes_.end() ? code->second.name : guid);
        }
        not_placed(codings.empty() ? "it has no coding and no memo" : "none of its codes is known here: " + unknown);
        continue;
      }
      s.file = file;
      for (size_t i = 0; i < codings.size(); ++i) {
        if (!codes[i]) {
          size_t notes = Children(codings[i], "NoteRef").size();
          if (notes > 0) {
            report_.dropped.push_back(fmt::format("{} memo(s) on a coding of an unknown code in \"{}\" ({}-{})", notes,
                                                  source.name, s.start, s.end));
          }
          continue;
        }
        const OurCode& code = *codes[i];
        if (std::find(s.codes.begin(), s.codes.end(), code.id) == s.codes.end()) s.codes.push_back(code.id);
        std::vector<std::pair<std::string, std::string>> memos;  // key, text: read once, kept on every turn
        for (pugi::xml_node ref : Children(codings[i], "NoteRef")) {
          std::string target = ref.attribute("targetGUID").value();
          memos.emplace_back(GuidKey(target), NoteText(target));
        }
        for (const TurnSpan& part : s.turns) {
          auto key = std::tuple{file, part.turn, part.span.begin, part.span.end, code.id};
          codings_.emplace(key, ManualWork{.kind = ManualWork::Kind::kCode,
                                           .coder = options_.coder,
                                           .file = file,
                                           .turn = part.turn,
                                           .span = part.span,
                                           .code = code.id,
                                           .valence = code.valence});
          coded_files_.insert(file);
          for (const auto& [key, text] : memos) AddMemo(file, part.turn, code.id, key, text);
        }
      }
      // The selection's own memos (NoteRef, or a Description as ATLAS.ti writes comments) go on its first turn.
      int turn = s.turns.front().turn;
      AddMemo(file, turn, "", "description:" + std::string(node.attribute("guid").value()), description);
      for (pugi::xml_node ref : note_refs) {
        std::string target = ref.attribute("targetGUID").value();
        AddMemo(file, turn, "", GuidKey(target), NoteText(target));
      }
      ++report_.matched[source.report].placed;
      report_.placed.push_back(std::move(s));
    }
    for (pugi::xml_node coding : Children(source.node, "Coding")) {
      std::optional<OurCode> code = CodeFor(coding);
      Selection s{source.name, 0, static_cast<int64_t>(source.text->lf.size()), "", "", {}, {}, ""};
      s.why = fmt::format("a coding of the whole document{}: kansrijk codes turns, not documents",
                          code ? " with " + code->id : "");
      report_.not_placed.push_back(s);
    }
    for (pugi::xml_node ref : Children(source.node, "NoteRef")) {
      std::string target = ref.attribute("targetGUID").value();
      AddMemo(file, std::nullopt, "", GuidKey(target), NoteText(target));
    }
  }

  void CodeMemos() {
    for (auto& [guid, code] : codes_) {
      for (pugi::xml_node ref : Children(code.node, "NoteRef")) {
        std::string target = ref.attribute("targetGUID").value();
        if (!code.ours) {
          report_.dropped.push_back(fmt::format("a memo on code '{}', which is not known here", code.name));
          continue;
        }
        AddMemo("", std::nullopt, code.ours->id, GuidKey(target), NoteText(target));
      }
    }
  }

  void ReportUnknownCodes() {
    std::map<std::string, int> uses;
    std::vector<pugi::xml_node> codings;
    for (pugi::xml_node sources : Children(project_, "Sources")) Descendants(sources, "Coding", codings);
    for (pugi::xml_node coding : codings) {
      std::string written = Child(coding, "CodeRef").attribute("targetGUID").value();
      ++uses[GuidKey(written)];
    }
    std::vector<std::pair<pugi::xml_node, std::string>> in_order;  // document order
    for (const auto& [guid, code] : codes_) {
      if (!code.ours && code.codable) in_order.emplace_back(code.node, guid);
    }
    std::sort(in_order.begin(), in_order.end(),
              [](const auto& a, const auto& b) { return a.first.offset_debug() < b.first.offset_debug(); });
    for (const auto& [node, guid] : in_order) {
      report_.unknown_codes.push_back({codes_.at(guid).name, guid, uses.contains(guid) ? uses.at(guid) : 0});
    }
    for (const auto& [guid, count] : uses) {
      if (!codes_.contains(guid) && !our_guids_.contains(guid)) report_.unknown_codes.push_back({"", guid, count});
    }
  }

  void ReportDropped() {
    for (auto [element, child, what] : {std::tuple{"Cases", "Case", "cases"},
                                        {"Sets", "Set", "sets"},
                                        {"Links", "Link", "links"},
                                        {"Graphs", "Graph", "graphs"}}) {
      size_t n = 0;
      for (pugi::xml_node node : Children(project_, element)) n += Children(node, child).size();
      if (n > 0) report_.dropped.push_back(fmt::format("{} {} (kansrijk has no place for them)", n, what));
    }
    size_t variables = 0;
    for (pugi::xml_node node : Children(project_, "Variables")) variables += Children(node, "Variable").size();
    if (variables > 0) {
      report_.dropped.push_back(
          fmt::format("{} variables (kansrijk takes document variables from manifest.csv)", variables));
    }
    size_t project_notes = Children(project_, "NoteRef").size();
    if (project_notes > 0) {
      report_.dropped.push_back(
          fmt::format("{} memo(s) on the project as a whole (kansrijk has no project memo)", project_notes));
    }
    std::vector<pugi::xml_node> refs;
    Descendants(project_, "NoteRef", refs);
    std::set<std::string> referenced;
    for (pugi::xml_node ref : refs) referenced.insert(GuidKey(ref.attribute("targetGUID").value()));
    size_t loose = 0;
    for (const auto& [guid, note] : notes_) loose += referenced.contains(guid) ? 0 : 1;
    if (loose > 0) report_.dropped.push_back(fmt::format("{} note(s) attached to nothing", loose));
  }

  // The plan, merged with the coder's work already in the database (memos are extended, never replaced), then
  // applied in one transaction.
  void Apply() {
    std::map<std::tuple<std::string, int, uint32_t, uint32_t, std::string>, ManualWork> existing_codings;
    std::map<std::tuple<std::string, int, std::string>, ManualWork> existing_memos;
    for (ManualWork& w : store_.ManualWorkList({.coder = options_.coder})) {
      if (!w.orphaned.empty()) continue;
      if (w.kind == ManualWork::Kind::kCode && w.turn && w.span) {
        existing_codings[{w.file, *w.turn, w.span->begin, w.span->end, w.code}] = w;
      } else if (w.kind == ManualWork::Kind::kMemo) {
        existing_memos[{w.file, w.turn.value_or(0), w.code}] = w;
      }
    }
    std::vector<ManualWork> work;
    for (auto& [key, coding] : codings_) {
      if (auto old = existing_codings.find(key); old != existing_codings.end()) {
        coding.valence = old->second.valence;  // keep what the researcher had
        coding.memo = old->second.memo;
      }
      report_.codings.push_back(coding);
      work.push_back(coding);
    }
    for (auto& [key, plan] : memos_) {
      std::string text;
      for (const std::string& t : plan.texts) text += (text.empty() ? "" : "\n\n") + t;
      if (auto old = existing_memos.find(key); old != existing_memos.end()) {
        if (old->second.memo.find(text) != std::string::npos)
          text = old->second.memo;
        else
          text = old->second.memo + "\n\n" + text;
      }
      plan.work.memo = text;
      report_.memos.push_back(plan.work);
      work.push_back(plan.work);
    }
    for (const std::string& file : coded_files_) {
      report_.seen.push_back(file);
      work.push_back({.kind = ManualWork::Kind::kSeen, .coder = options_.coder, .file = file});
    }
    if (options_.dry_run) return;
    store_.Atomically([&] {
      for (const ManualWork& w : work) store_.AddManual(w);
    });
    report_.applied = true;
  }

  struct ProjectCode {
    std::string name;
    bool codable = true;
    pugi::xml_node node;
    std::optional<OurCode> ours;
  };
  struct MemoPlan {
    ManualWork work;
    std::set<std::string> keys;  // notes already collected
    std::vector<std::string> texts;
  };

  Store& store_;
  const QdpxImportOptions& options_;
  ProjectFiles files_;
  QdpxImportReport report_;
  std::string qde_text_;
  pugi::xml_document document_;
  pugi::xml_node project_;
  std::map<std::string, ProjectCode> codes_;  // by canonical guid
  std::map<std::string, OurCode> our_guids_;
  std::map<std::string, pugi::xml_node> notes_;
  std::map<std::string, DocumentText> documents_store_;
  std::vector<OurDocument> ours_;
  std::vector<Source> sources_;
  Convention convention_ = Convention::kCrLfIsTwo;
  std::map<std::tuple<std::string, int, uint32_t, uint32_t, std::string>, ManualWork> codings_;
  std::map<std::tuple<std::string, int, std::string>, MemoPlan> memos_;
  std::set<std::string> coded_files_;
};

}  // namespace

QdpxImportReport ImportQdpx(Store& store, const std::filesystem::path& in, const QdpxImportOptions& options) {
  if (options.coder.empty()) throw Error({}, "a coder name is needed for the imported work", "give --coder NAME");
  if (options.coder == kAuto) {
    throw Error({}, "'auto' is the name of the rules", "give the name of the researcher whose work this is");
  }
  return Importer(store, in, options).Run();
}

// ---- report -----------------------------------------------------------------------------------------------

void WriteQdpxImportReport(const QdpxImportReport& r, std::ostream& out) {
  out << fmt::format("Project \"{}\"{} from {}\n", r.project, r.origin.empty() ? "" : " (" + r.origin + ")", r.file);
  if (!r.positions.empty()) out << "Positions: " << r.positions << "\n";
  out << fmt::format("Sources: {} matched, {} not matched\n", r.matched.size(), r.unmatched.size());
  for (const auto& m : r.matched) {
    out << fmt::format("  {} <- \"{}\" ({}): {} of {} selections placed\n", m.file, m.source, m.how, m.placed,
                       m.selections);
  }
  for (const auto& u : r.unmatched) {
    out << fmt::format("  not matched: \"{}\": {}{}\n", u.source, u.why,
                       u.selections > 0 ? fmt::format(" ({} selections)", u.selections) : "");
  }
  out << fmt::format("Selections: {} placed, {} not placed\n", r.placed.size(), r.not_placed.size());
  for (const auto& s : r.not_placed) {
    out << fmt::format("  not placed: \"{}\" {}-{}{}: {}\n", s.source, s.start, s.end,
                       s.text.empty() ? "" : " \"" + s.text + "\"", s.why);
  }
  out << fmt::format("Codings: {} manual codings of {}\n", r.codings.size(), r.coder);
  out << fmt::format("Memos: {}\n", r.memos.size());
  out << fmt::format("Marked as seen: {} document(s)\n", r.seen.size());
  if (!r.unknown_codes.empty()) {
    out << "Unknown codes (their codings are not imported; add them to the codebook and import again):\n";
    for (const auto& c : r.unknown_codes) {
      out << fmt::format("  {} ({} codings)\n",
                         c.name.empty() ? "guid " + c.guid + " (not in the project's codebook)" : "\"" + c.name + "\"",
                         c.codings);
    }
  }
  if (!r.dropped.empty()) {
    out << "Left out:\n";
    for (const std::string& d : r.dropped) out << "  " << d << "\n";
  }
  if (!r.applied) out << "Dry run: nothing was changed.\n";
}

}  // namespace kansrijk
