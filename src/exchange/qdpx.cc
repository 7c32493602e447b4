// REFI-QDA project exchange: export (pugixml writes project.qde, libzip the package) and import (libzip or a
// bare .qde, pugixml reads it, the Store takes the placed work in one transaction). docs/qdpx.md is the user's
// side of the decisions made here.
#include "exchange/qdpx.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

#include "base/error.h"
#include "base/file.h"
#include "base/guid.h"
#include "base/utf8.h"
#include "base/xml.h"
#include "base/zip.h"
#include "exchange/qdc.h"

namespace kansrijk {

namespace {

constexpr const char* kProjectNamespace = "urn:QDA-XML:project:1.0";
constexpr const char* kAuto = "auto";
// Codes that occur only in researchers' work (no stored codebook has them) go into this codebook.
constexpr const char* kManualCodebook = "kansrijk-manual";
constexpr const char* kManualCategory = "manual";
constexpr size_t kSnippetChars = 60;            // PlainTextSelection/@name: the selected text, shortened
constexpr size_t kMaxMember = size_t{1} << 30;  // refuse to inflate more than 1 GiB per member (a zip bomb)
constexpr const char* kImportHint = "export the project again from your QDA program as a REFI-QDA project (.qdpx)";

// ---- shared -----------------------------------------------------------------------------------------------

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

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
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

std::string TrimEnd(std::string_view text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1));
}

// The key a GUID attribute is looked up by: canonical (no braces, lower case), or as written when it is not a
// GUID at all, so that two odd ones stay apart.
std::string GuidKey(std::string_view written) {
  std::string guid = CanonicalGuid(written);
  return guid.empty() ? std::string(written) : guid;
}

// At most `chars` code points of `text`, white space collapsed, "…" where cut.
std::string Snippet(std::string_view text, size_t chars) {
  std::string collapsed = CollapseWhitespace(text);
  int32_t i = 0, length = static_cast<int32_t>(collapsed.size());
  for (size_t n = 0; n < chars && i < length; ++n)
    U8_FWD_1(reinterpret_cast<const uint8_t*>(collapsed.data()), i, length);
  if (i >= length) return collapsed;
  return collapsed.substr(0, static_cast<size_t>(i)) + "…";
}

// Text as XML 1.0 allows it: control characters other than tab, LF and CR are dropped.
std::string XmlText(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out += c;
  }
  return out;
}

bool IsTimestamp(std::string_view text) {  // 2024-01-31T10:00:00Z, as the store writes it
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// The text of every stored document, by file.
std::map<std::string, DocumentText> RenderDocuments(const Store& store) {
  std::map<std::string, std::vector<TurnRow>> turns;
  for (TurnRow& turn : store.Turns({})) turns[turn.file].push_back(std::move(turn));
  std::map<std::string, DocumentText> out;
  for (auto& [file, rows] : turns) out.emplace(file, DocumentText(rows));  // Store::Turns: in turn order
  return out;
}

}  // namespace

std::string QdpxUserGuid(const std::string& coder) { return StableGuid("qdpx-user:" + coder); }

// ---- export -----------------------------------------------------------------------------------------------

namespace {

struct CodingOut {
  std::string guid, code_guid, user, created;
  std::string code, coder;
  std::vector<std::string> notes;
};

struct SelectionOut {
  size_t start = 0, end = 0;  // code points of the document text
  std::string guid, name;
  std::map<std::string, CodingOut> codings;  // by code, coder, codebook
  std::vector<std::string> notes;
};

struct SourceOut {
  std::string guid;
  const DocumentText* text = nullptr;
  std::map<std::tuple<int, uint32_t, uint32_t>, SelectionOut> selections;  // by turn, begin, end
  std::vector<std::string> notes;
};

struct NoteOut {
  std::string guid, name, text, author, created;
};

class Exporter {
 public:
  Exporter(const Store& store, const QdpxExportOptions& options) : store_(store), options_(options) {}

  // project.qde, then (name, text) of every source file.
  std::vector<std::pair<std::string, std::string>> Build() {
    ChooseCoders();
    documents_ = store_.Documents();
    if (documents_.empty()) throw Error({}, "the database has no documents to export", "run `kansrijk ingest` first");
    texts_ = RenderDocuments(store_);
    for (const StoredDocument& d : documents_) {
      auto text = texts_.find(d.file);
      if (text == texts_.end()) continue;  // a document without turns
      SourceOut& source = sources_[d.file];
      source.guid = StableGuid("qdpx-source:" + d.file);
      source.text = &text->second;
    }
    BuildCodebooks();
    AddCodings();
    AddNotes();
    AddManualCodes();

    std::vector<std::pair<std::string, std::string>> files;
    files.emplace_back("project.qde", WriteProject());
    for (const StoredDocument& d : documents_) {
      auto source = sources_.find(d.file);
      if (source == sources_.end()) continue;
      files.emplace_back("sources/" + source->second.guid + ".txt", source->second.text->text());
    }
    return files;
  }

 private:
  void ChooseCoders() {
    std::vector<std::string> known = store_.Coders();
    if (options_.coders.empty()) {
      coders_.push_back(kAuto);
      for (const std::string& coder : known) {
        if (coder != kAuto) coders_.push_back(coder);
      }
    } else {
      for (const std::string& coder : options_.coders) {
        if (coder != kAuto && std::find(known.begin(), known.end(), coder) == known.end()) {
          std::string list = kAuto;
          for (const std::string& k : known) list += ", " + k;
          throw Error({}, fmt::format("no coder '{}' in this database", coder), "coders here: " + list);
        }
        if (std::find(coders_.begin(), coders_.end(), coder) == coders_.end()) coders_.push_back(coder);
      }
    }
    for (const std::string& coder : coders_) listed_.insert(coder);
  }

  // One Codebook per stored codebook, from the stored codes (categories in order of first appearance).
  void BuildCodebooks() {
    for (const StoredCode& stored : store_.Codes()) {
      if (books_.empty() || books_.back().id != stored.codebook_id) {
        books_.emplace_back();
        books_.back().id = stored.codebook_id;
      }
      Codebook& book = books_.back();
      std::string category_id = stored.category.empty() ? "codes" : stored.category;
      auto category = std::find_if(book.categories.begin(), book.categories.end(),
                                   [&](const Category& c) { return c.id == category_id; });
      if (category == book.categories.end()) {
        book.categories.emplace_back();
        book.categories.back().id = category_id;
        category = book.categories.end() - 1;
      }
      Code code;
      code.id = stored.code;
      code.category = category_id;
      code.label_nl = stored.label_nl;
      code.label_en = stored.label_en;
      code.valence = ParseValence(stored.valence).value_or(Valence::kNeutral);
      code.colour = stored.colour;
      category->codes.push_back(code);
      std::string guid = QdcCodeGuid(book.id, code.id);
      code_guids_.insert(guid);
      code_guid_by_id_.emplace(code.id, guid);  // the first codebook that has the code
    }
  }

  // The guid a coding of `code` refers to: its own codebook's code, else the first codebook's, else a code of
  // the manual codebook (added to the CodeBook at the end).
  std::string CodeGuid(const std::string& codebook_id, const std::string& code) {
    if (!codebook_id.empty()) {
      std::string guid = QdcCodeGuid(codebook_id, code);
      if (code_guids_.contains(guid)) return guid;
    }
    auto known = code_guid_by_id_.find(code);
    if (known != code_guid_by_id_.end()) return known->second;
    manual_codes_.insert(code);
    return QdcCodeGuid(kManualCodebook, code);
  }

  SelectionOut& Selection(const std::string& file, int turn, Span span) {
    SourceOut& source = sources_.at(file);
    SelectionOut& selection = source.selections[{turn, span.begin, span.end}];
    if (selection.guid.empty()) {
      auto [start, end] = source.text->CodePoints(turn, span);
      selection.start = start;
      selection.end = end;
      selection.guid = StableGuid(fmt::format("qdpx-selection:{}#{}:{}-{}", file, turn, span.begin, span.end));
      const std::string& text = source.text->text();
      size_t begin = source.text->ByteOf(start);
      selection.name = Snippet(std::string_view(text).substr(begin, source.text->ByteOf(end) - begin), kSnippetChars);
    }
    return selection;
  }

  void AddCoding(const CodingRow& row, const std::string& created) {
    if (!sources_.contains(row.turn.file)) return;
    SelectionOut& selection = Selection(row.turn.file, row.turn.number, row.span);
    std::string codebook = row.origin == "rule" ? row.codebook_id : "";
    std::string key = row.code + '\x1f' + row.coder + '\x1f' + codebook;
    if (selection.codings.contains(key)) return;
    CodingOut& coding = selection.codings[key];
    coding.guid = StableGuid(fmt::format("qdpx-coding:{}#{}:{}-{}/{}/{}/{}", row.turn.file, row.turn.number,
                                         row.span.begin, row.span.end, codebook, row.code, row.coder));
    coding.code_guid = CodeGuid(codebook, row.code);
    coding.user = QdpxUserGuid(row.coder);
    coding.created = created;
    coding.code = row.code;
    coding.coder = row.coder;
  }

  // The codings of every listed coder: the rule codings (as "auto", when listed) that no listed researcher
  // rejected, and each listed researcher's manual codings. See QdpxExportOptions::coders.
  void AddCodings() {
    std::map<int64_t, std::string> created;  // manual id → when it was made
    for (const ManualWork& w : store_.ManualWorkList({})) {
      if (w.kind == ManualWork::Kind::kCode) created[w.id] = w.created;
    }
    std::set<int64_t> rejected;
    std::vector<CodingRow> manual;
    for (const std::string& coder : coders_) {
      if (coder == kAuto) continue;
      for (CodingRow& row : store_.Codings({}, {.coder = coder, .with_rejected = true})) {
        if (row.origin == "rule" && row.status == "rejected") rejected.insert(row.id);
        if (row.origin == "manual" && row.coder == coder) manual.push_back(std::move(row));
      }
    }
    if (listed_.contains(kAuto)) {
      for (const CodingRow& row : store_.Codings({}, {.coder = kAuto})) {
        if (row.origin == "rule" && !rejected.contains(row.id)) AddCoding(row, "");
      }
    }
    for (const CodingRow& row : manual) {
      auto when = created.find(row.id);
      AddCoding(row, when != created.end() && IsTimestamp(when->second) ? when->second : "");
    }
  }

  std::string AddNote(const ManualWork& w, const std::string& name, const std::string& text) {
    NoteOut note;
    note.guid = StableGuid(fmt::format("qdpx-note:{}/{}/{}#{}/{}/{}-{}", ToString(w.kind), w.coder, w.file,
                                       w.turn ? std::to_string(*w.turn) : "", w.code, w.span ? w.span->begin : 0,
                                       w.span ? w.span->end : 0));
    note.name = name;
    note.text = text;
    note.author = QdpxUserGuid(w.coder);
    if (IsTimestamp(w.created)) note.created = w.created;
    notes_.push_back(note);
    return note.guid;
  }

  // A memo on a turn: a selection of the turn's whole text (the document itself when the turn is empty).
  void OnTurn(const std::string& file, int turn, const std::string& note) {
    SourceOut& source = sources_.at(file);
    const DocumentText::Part* part = source.text->Find(turn);
    if (!part || part->bytes.empty()) {
      source.notes.push_back(note);
      return;
    }
    Selection(file, turn, {0, part->bytes.size()}).notes.push_back(note);
  }

  // Attaches `note` to every coding of `code` on the turn (by `coder`, when given); false when there is none.
  bool OnCodings(const std::string& file, int turn, const std::string& code, const std::string& coder,
                 const std::string& note) {
    bool attached = false;
    for (auto& [key, selection] : sources_.at(file).selections) {
      if (std::get<0>(key) != turn) continue;
      for (auto& [unused, coding] : selection.codings) {
        if (coding.code == code && (coder.empty() || coding.coder == coder)) {
          coding.notes.push_back(note);
          attached = true;
        }
      }
    }
    return attached;
  }

  // Memos of the listed researchers: memos on documents, turns, codings and codes; the memos of their manual
  // codings and of their reviews. Work that is orphaned (not on the current text) is left out.
  void AddNotes() {
    using Kind = ManualWork::Kind;
    for (const ManualWork& w : store_.ManualWorkList({})) {
      if (!listed_.contains(w.coder) || !w.orphaned.empty() || w.memo.empty() || w.kind == Kind::kSeen) continue;
      if (w.file.empty()) {
        if (w.kind != Kind::kMemo || w.code.empty()) continue;
        CodeGuid("", w.code);
        code_notes_[w.code].push_back(AddNote(w, fmt::format("memo by {} on code {}", w.coder, w.code), w.memo));
        continue;
      }
      if (!sources_.contains(w.file)) continue;
      std::string where = w.turn ? fmt::format("{} turn {}", w.file, *w.turn) : w.file;
      if (w.kind == Kind::kMemo && !w.turn) {
        sources_.at(w.file).notes.push_back(AddNote(w, fmt::format("memo by {} on {}", w.coder, w.file), w.memo));
      } else if (!w.turn) {
        continue;
      } else if (w.kind == Kind::kMemo && w.code.empty()) {
        OnTurn(w.file, *w.turn, AddNote(w, fmt::format("memo by {} on {}", w.coder, where), w.memo));
      } else if (w.kind == Kind::kMemo) {
        std::string note = AddNote(w, fmt::format("memo by {} on {}, {}", w.coder, w.code, where), w.memo);
        if (!OnCodings(w.file, *w.turn, w.code, "", note)) OnTurn(w.file, *w.turn, note);
      } else if (w.kind == Kind::kCode) {
        std::string note = AddNote(w, fmt::format("memo by {} on their coding {}, {}", w.coder, w.code, where), w.memo);
        bool attached = false;
        if (w.span) {
          auto& selections = sources_.at(w.file).selections;
          auto selection = selections.find({*w.turn, w.span->begin, w.span->end});
          if (selection != selections.end()) {
            for (auto& [key, coding] : selection->second.codings) {
              if (coding.code == w.code && coding.coder == w.coder) {
                coding.notes.push_back(note);
                attached = true;
              }
            }
          }
        }
        if (!attached) OnTurn(w.file, *w.turn, note);
      } else {  // a review's memo: on the rule codings it is about, else on the turn
        std::string verb = w.kind == Kind::kAccept ? "accepted" : "rejected";
        std::string note = AddNote(w, fmt::format("{} {} {}, {}", w.coder, verb, w.code, where), w.memo);
        if (!OnCodings(w.file, *w.turn, w.code, kAuto, note)) OnTurn(w.file, *w.turn, note);
      }
    }
  }

  void AddManualCodes() {
    if (manual_codes_.empty()) return;
    Codebook book;
    book.id = kManualCodebook;
    Category category;
    category.id = kManualCategory;
    category.label_nl = "Handmatige codes";
    category.label_en = "Manual codes";
    for (const std::string& id : manual_codes_) {  // sorted
      Code code;
      code.id = id;
      code.category = kManualCategory;
      category.codes.push_back(code);
    }
    book.categories.push_back(category);
    books_.push_back(book);
  }

  std::string WriteProject() {
    pugi::xml_document document;
    pugi::xml_node project = StartDocument(document, "Project", kProjectNamespace);
    project.append_attribute("name").set_value(XmlText(options_.name).c_str());

    pugi::xml_node users = project.append_child("Users");
    for (const std::string& coder : coders_) {
      pugi::xml_node user = users.append_child("User");
      user.append_attribute("guid").set_value(QdpxUserGuid(coder).c_str());
      user.append_attribute("name").set_value(coder == kAuto ? "kansrijk (automatic)" : XmlText(coder).c_str());
    }

    if (!books_.empty()) {
      pugi::xml_node codes = project.append_child("CodeBook").append_child("Codes");
      for (const Codebook& book : books_) AppendQdcCodes(codes, book);
      for (const auto& [code, notes] : code_notes_) {
        std::string guid = CodeGuid("", code);
        pugi::xml_node node = codes.find_node([&](const pugi::xml_node& n) {
          return std::string_view(n.name()) == "Code" && guid == n.attribute("guid").value();
        });
        for (const std::string& note : notes)
          node.append_child("NoteRef").append_attribute("targetGUID").set_value(note.c_str());
      }
    }

    // Variables: year and type first, then the manifest's columns by name.
    std::map<std::string, std::map<std::string, std::string>> values = store_.DocumentVariables();
    std::vector<std::string> variables = {"year", "type"};
    std::set<std::string> others;
    for (const auto& [file, vars] : values) {
      for (const auto& [name, value] : vars) {
        if (name != "year" && name != "type" && !value.empty()) others.insert(name);
      }
    }
    variables.insert(variables.end(), others.begin(), others.end());
    pugi::xml_node variables_node = project.append_child("Variables");
    for (const std::string& name : variables) {
      pugi::xml_node variable = variables_node.append_child("Variable");
      variable.append_attribute("guid").set_value(StableGuid("qdpx-variable:" + name).c_str());
      variable.append_attribute("name").set_value(XmlText(name).c_str());
      variable.append_attribute("typeOfVariable").set_value("Text");
    }

    pugi::xml_node sources = project.append_child("Sources");
    for (const StoredDocument& d : documents_) {
      auto found = sources_.find(d.file);
      if (found == sources_.end()) continue;
      const SourceOut& source = found->second;
      pugi::xml_node node = sources.append_child("TextSource");
      node.append_attribute("guid").set_value(source.guid.c_str());
      node.append_attribute("name").set_value(XmlText(d.file).c_str());
      node.append_attribute("plainTextPath").set_value(("internal://" + source.guid + ".txt").c_str());
      for (const auto& [key, selection] : source.selections) {
        pugi::xml_node s = node.append_child("PlainTextSelection");
        s.append_attribute("guid").set_value(selection.guid.c_str());
        s.append_attribute("name").set_value(XmlText(selection.name).c_str());
        s.append_attribute("startPosition").set_value(std::to_string(selection.start).c_str());
        s.append_attribute("endPosition").set_value(std::to_string(selection.end).c_str());
        for (const auto& [unused, coding] : selection.codings) {
          pugi::xml_node c = s.append_child("Coding");
          c.append_attribute("guid").set_value(coding.guid.c_str());
          c.append_attribute("creatingUser").set_value(coding.user.c_str());
          if (!coding.created.empty()) c.append_attribute("creationDateTime").set_value(coding.created.c_str());
          c.append_child("CodeRef").append_attribute("targetGUID").set_value(coding.code_guid.c_str());
          for (const std::string& note : coding.notes)
            c.append_child("NoteRef").append_attribute("targetGUID").set_value(note.c_str());
        }
        for (const std::string& note : selection.notes)
          s.append_child("NoteRef").append_attribute("targetGUID").set_value(note.c_str());
      }
      for (const std::string& note : source.notes)
        node.append_child("NoteRef").append_attribute("targetGUID").set_value(note.c_str());
      auto vars = values.find(d.file);
      for (const std::string& name : variables) {
        if (vars == values.end()) break;
        auto value = vars->second.find(name);
        if (value == vars->second.end() || value->second.empty()) continue;
        pugi::xml_node v = node.append_child("VariableValue");
        v.append_child("VariableRef")
            .append_attribute("targetGUID")
            .set_value(StableGuid("qdpx-variable:" + name).c_str());
        v.append_child("TextValue").text().set(XmlText(value->second).c_str());
      }
    }

    if (!notes_.empty()) {
      pugi::xml_node notes = project.append_child("Notes");
      for (const NoteOut& note : notes_) {
        pugi::xml_node n = notes.append_child("Note");
        n.append_attribute("guid").set_value(note.guid.c_str());
        n.append_attribute("name").set_value(XmlText(note.name).c_str());
        n.append_attribute("creatingUser").set_value(note.author.c_str());
        if (!note.created.empty()) n.append_attribute("creationDateTime").set_value(note.created.c_str());
        n.append_child("PlainTextContent").text().set(XmlText(note.text).c_str());
      }
    }
    std::ostringstream out;
    document.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
    return out.str();
  }

  const Store& store_;
  const QdpxExportOptions& options_;
  std::vector<std::string> coders_;  // default: "auto", then Store::Coders(); else as given
  std::set<std::string> listed_;
  std::vector<StoredDocument> documents_;
  std::map<std::string, DocumentText> texts_;
  std::map<std::string, SourceOut> sources_;  // by file
  std::vector<Codebook> books_;
  std::set<std::string> code_guids_;
  std::map<std::string, std::string> code_guid_by_id_;
  std::set<std::string> manual_codes_;
  std::map<std::string, std::vector<std::string>> code_notes_;  // code → note guids
  std::vector<NoteOut> notes_;
};

}  // namespace

void ExportQdpx(const Store& store, const QdpxExportOptions& options, const std::filesystem::path& out) {
  std::vector<ZipMember> members;
  for (auto& [name, bytes] : Exporter(store, options).Build()) members.push_back({name, std::move(bytes)});
  // Every member dated 2000-01-01 and deflated at level 9, as exports always were: the same database gives
  // the same bytes. Mode 0600: transcripts are personal data.
  WriteZip(out, members, {.year = 2000, .month = 1, .day = 1, .mode = 0600, .compression_level = 9});
}

// ---- import -----------------------------------------------------------------------------------------------

namespace {

// The files of a project: a .qdpx (zip) or a bare .qde with, perhaps, a `sources` folder beside it.
class ProjectFiles {
 public:
  explicit ProjectFiles(const std::filesystem::path& in) : in_(in), name_(in.string()) {
    if (std::filesystem::is_directory(in)) {
      throw Error({name_}, "this is a folder", "give the project file: a .qdpx, or a .qde");
    }
    const ZipNames names{.name = name_, .kind = ".qdpx", .hint = kImportHint};
    std::string extension = Lower(in.extension().string());
    std::error_code ignored;
    if ((extension == ".qdpx" || extension == ".zip") && std::filesystem::is_regular_file(in, ignored)) {
      zip_.emplace(ZipReader::Open(in, names));  // a project may be large: members are inflated one by one
    } else {
      bytes_ = ReadFile(in, {.name = name_});  // throws for a missing file
      if (bytes_.starts_with("PK")) {
        zip_.emplace(ZipReader::FromBytes(bytes_, names));
      } else {
        qde_name_ = name_;
        qde_ = std::move(bytes_);
        return;
      }
    }
    FindQde();
  }
  ProjectFiles(const ProjectFiles&) = delete;
  ProjectFiles& operator=(const ProjectFiles&) = delete;

  const std::string& qde_name() const { return qde_name_; }  // for messages: x.qdpx/project.qde, or x.qde
  const std::string& qde() const { return qde_; }
  bool zipped() const { return zip_.has_value(); }

  // The bytes of an internal file (internal://NAME): sources/NAME in any case, else a member NAME in any folder;
  // for a bare .qde, sources/NAME beside it. nullopt when absent.
  std::optional<std::string> Internal(std::string_view path) {
    while (path.starts_with('/')) path.remove_prefix(1);
    std::string wanted = Lower(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
    if (wanted.empty()) return std::nullopt;
    if (!zip_) {
      std::error_code ignored;
      for (const auto& dir :
           std::filesystem::directory_iterator(in_.parent_path().empty() ? "." : in_.parent_path(), ignored)) {
        if (!dir.is_directory() || Lower(dir.path().filename().string()) != "sources") continue;
        for (const auto& file : std::filesystem::directory_iterator(dir.path(), ignored)) {
          if (Lower(file.path().filename().string()) == wanted) return ReadFile(file.path());
        }
      }
      return std::nullopt;
    }
    std::optional<size_t> found;
    const std::vector<std::string>& members = zip_->members();
    for (size_t index = 0; index < members.size(); ++index) {
      std::string lower = Lower(members[index]);
      if (lower == "sources/" + wanted) {
        found = index;
        break;
      }
      size_t slash = lower.rfind('/');
      if (!found && (slash == std::string::npos ? lower : lower.substr(slash + 1)) == wanted) found = index;
    }
    if (!found) return std::nullopt;
    return zip_->Read(*found, kMaxMember);
  }

 private:
  void FindQde() {
    std::vector<std::pair<size_t, std::string>> qdes;
    const std::vector<std::string>& members = zip_->members();
    for (size_t i = 0; i < members.size(); ++i) {
      std::string lower = Lower(members[i]);
      if (!lower.empty() && lower.find('/') == std::string::npos && lower.ends_with(".qde"))
        qdes.emplace_back(i, members[i]);
    }
    if (qdes.empty()) {
      throw Error({name_}, "the archive has no project.qde at its root",
                  "is this a REFI-QDA project (.qdpx)? " + std::string(kImportHint));
    }
    auto chosen =
        std::find_if(qdes.begin(), qdes.end(), [](const auto& q) { return Lower(q.second) == "project.qde"; });
    if (chosen == qdes.end()) {
      if (qdes.size() > 1) {
        std::string list;
        for (const auto& q : qdes) list += (list.empty() ? "" : ", ") + q.second;
        throw Error({name_}, "the archive holds several .qde files and none is project.qde: " + list,
                    "keep one project per .qdpx");
      }
      chosen = qdes.begin();  // ATLAS.ti names it after the project
    }
    qde_name_ = name_ + "/" + chosen->second;
    qde_ = zip_->Read(chosen->first, kMaxMember);
  }

  std::filesystem::path in_;
  std::string name_, qde_name_, qde_;
  std::string bytes_;               // the archive, when it was read to tell a zip from a .qde; outlives zip_
  std::optional<ZipReader> zip_;
};

// A source's text in code points: as written (BOM dropped) and with every CRLF (or lone CR) as one LF.
struct SourceText {
  std::u32string raw, lf;
  std::vector<uint32_t> raw_to_lf;  // for every index of raw, and its end, the index in lf
  std::string lf_utf8;
  bool has_crlf = false;

  explicit SourceText(std::string_view utf8) {
    utf8 = WithoutBom(utf8);
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    int32_t length = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < length;) {
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      raw.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
    }
    raw_to_lf.reserve(raw.size() + 1);
    for (size_t i = 0; i < raw.size(); ++i) {
      raw_to_lf.push_back(static_cast<uint32_t>(lf.size()));
      if (raw[i] == U'\r') {
        has_crlf = true;
        if (i + 1 < raw.size() && raw[i + 1] == U'\n') continue;  // the LF follows
        lf.push_back(U'\n');
      } else {
        lf.push_back(raw[i]);
      }
    }
    raw_to_lf.push_back(static_cast<uint32_t>(lf.size()));
    lf_utf8 = Utf8(0, lf.size());
  }

  std::string Utf8(size_t start, size_t end) const {
    std::string out;
    for (size_t i = start; i < end && i < lf.size(); ++i) {
      char buffer[4];
      int32_t n = 0;
      U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buffer), n, static_cast<UChar32>(lf[i]));  // valid: see above
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }
};

// How a project counts a CRLF line end: as one code point (ATLAS.ti) or as the two it is (NVivo, the spec).
enum class Convention { kCrLfIsOne, kCrLfIsTwo };

// A selection's [start, end) in code points of SourceText::lf; nullopt when it lies beyond the text.
std::optional<std::pair<size_t, size_t>> ToLf(const SourceText& text, int64_t start, int64_t end,
                                              Convention convention) {
  if (start < 0 || end < start) return std::nullopt;
  auto s = static_cast<size_t>(start), e = static_cast<size_t>(end);
  if (!text.has_crlf || convention == Convention::kCrLfIsOne) {
    if (e > text.lf.size()) return std::nullopt;
    return std::pair{s, e};
  }
  if (e > text.raw.size()) return std::nullopt;
  return std::pair<size_t, size_t>{text.raw_to_lf[s], text.raw_to_lf[e]};
}

bool IsWordChar(char32_t c) { return u_isalnum(static_cast<UChar32>(c)); }

// Does the selection start and end at word boundaries (as people select text)?
int Boundaries(const std::u32string& text, size_t start, size_t end) {
  int out = 0;
  if (start == 0 || start >= text.size() || !IsWordChar(text[start - 1]) || !IsWordChar(text[start])) ++out;
  if (end == 0 || end >= text.size() || !IsWordChar(text[end - 1]) || !IsWordChar(text[end])) ++out;
  return out;
}

// A `name` snippet (ATLAS.ti, NVivo, ours: the start of the selected text, perhaps cut with "…") fits `text`.
bool NameFits(std::string_view name, std::string_view text) {
  std::string snippet = CollapseWhitespace(name);
  for (std::string_view cut : {"…", "..."}) {
    if (std::string_view(snippet).ends_with(cut)) snippet.resize(snippet.size() - cut.size());
  }
  snippet = TrimEnd(snippet);
  if (snippet.empty()) return false;
  return CollapseWhitespace(text).starts_with(snippet);
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

// The stored documents, as the import compares them: their text, and their longer turns whitespace-collapsed.
struct OurDocument {
  std::string file;
  const DocumentText* text = nullptr;
  std::string trimmed;                   // text without trailing white space
  std::vector<std::string> distinctive;  // turns of kDistinctiveBytes or more, whitespace collapsed
};
constexpr size_t kDistinctiveBytes = 16;

// The windows of kDistinctiveBytes bytes of a text, hashed, for finding many turns in it quickly.
class WindowIndex {
 public:
  explicit WindowIndex(std::string text) : text_(std::move(text)) {
    if (text_.size() < kDistinctiveBytes) return;
    windows_.reserve(text_.size() - kDistinctiveBytes + 1);
    for (size_t i = 0; i + kDistinctiveBytes <= text_.size(); ++i) {
      windows_.emplace_back(std::hash<std::string_view>()(std::string_view(text_).substr(i, kDistinctiveBytes)), i);
    }
    std::sort(windows_.begin(), windows_.end());
  }
  bool Contains(const std::string& needle) const {
    if (needle.size() < kDistinctiveBytes) return text_.find(needle) != std::string::npos;
    size_t hash = std::hash<std::string_view>()(std::string_view(needle).substr(0, kDistinctiveBytes));
    auto it = std::lower_bound(windows_.begin(), windows_.end(), std::pair<size_t, size_t>{hash, 0});
    for (; it != windows_.end() && it->first == hash; ++it) {
      if (text_.compare(it->second, needle.size(), needle) == 0) return true;
    }
    return false;
  }

 private:
  std::string text_;
  std::vector<std::pair<size_t, size_t>> windows_;  // (hash, offset)
};

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
    for (const auto& [file, text] : documents_store_) {
      OurDocument d{file, &text, TrimEnd(text.text()), {}};
      for (const DocumentText::Part& part : text.parts()) {
        std::string turn =
            CollapseWhitespace(std::string_view(text.text()).substr(part.bytes.begin, part.bytes.size()));
        if (turn.size() >= kDistinctiveBytes) d.distinctive.push_back(std::move(turn));
      }
      ours_.push_back(std::move(d));
    }
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
        if (source.text) Match(source, why);
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

  // Our document with the same text (trailing white space aside); else the document with the most of its
  // distinctive turns (16 bytes or more, white space collapsed) found in the source's text, when more than
  // half of them are found and no other document has as many. `how` says how, or why nothing matched.
  void Match(Source& source, std::string& how) {
    std::string trimmed = TrimEnd(source.text->lf_utf8);
    for (const OurDocument& d : ours_) {
      if (d.trimmed == trimmed) {
        source.document = &d;
        source.exact = true;
        return;
      }
    }
    WindowIndex index(CollapseWhitespace(source.text->lf_utf8));
    const OurDocument* best = nullptr;
    size_t best_found = 0, tied = 0;
    for (const OurDocument& d : ours_) {
      size_t found = 0;
      for (const std::string& turn : d.distinctive) found += index.Contains(turn) ? 1 : 0;
      if (found == 0) continue;
      if (found > best_found) {
        best = &d;
        best_found = found;
        tied = 0;
      } else if (found == best_found) {
        ++tied;
      }
    }
    if (!best) {
      how = "no document in the database has this text, nor any of its turns";
    } else if (best_found * 2 <= best->distinctive.size()) {
      how = fmt::format("no document in the database has this text (closest: {}, with {} of its {} turns found)",
                        best->file, best_found, best->distinctive.size());
    } else if (tied > 0) {
      how = fmt::format("ambiguous: {} and {} other document(s) each have {} turns in this text", best->file, tied,
                        best_found);
    } else {
      source.document = best;
      how = fmt::format("by content: {} of its {} turns found", best_found, best->distinctive.size());
    }
  }

  // Where a selection lands in our document under a convention: code points of DocumentText, or nullopt.
  std::optional<std::pair<size_t, size_t>> Locate(const Source& source, size_t start, size_t end) const {
    const DocumentText& ours = *source.document->text;
    if (source.exact) return std::pair{std::min(start, ours.size()), std::min(end, ours.size())};
    std::string text = source.text->Utf8(start, end);
    const std::string& target = ours.text();
    double relative =
        source.text->lf.empty() ? 0.0 : static_cast<double>(start) / static_cast<double>(source.text->lf.size());
    double expected = relative * static_cast<double>(target.size());
    std::optional<size_t> nearest;
    for (size_t at = target.find(text); at != std::string::npos; at = target.find(text, at + 1)) {
      if (!nearest || std::abs(static_cast<double>(at) - expected) < std::abs(static_cast<double>(*nearest) - expected))
        nearest = at;
    }
    if (!nearest) return std::nullopt;
    return std::pair{ours.CodePointOf(*nearest), ours.CodePointOf(*nearest + text.size())};
  }

  // For texts with CRLF line ends: do the positions count a CRLF as one code point or as two? Evidence, in
  // order: the selections' `name` snippets (which reading gives text that starts like the name); else where
  // the selections fall in our text (inside one turn, at word boundaries); else the origin (ATLAS.ti counts
  // one); else two, the file's own code points, as REFI-QDA §10.2 counts.
  void DecideConvention() {
    int votes[2] = {0, 0}, named = 0, scores[2] = {0, 0};
    bool any = false;
    for (const Source& source : sources_) {
      if (!source.text->has_crlf) continue;
      any = true;
      for (pugi::xml_node selection : Children(source.node, "PlainTextSelection")) {
        std::optional<int64_t> start = ParseInt(selection.attribute("startPosition").value());
        std::optional<int64_t> end = ParseInt(selection.attribute("endPosition").value());
        if (!start || !end || *start >= *end) continue;
        std::string name = selection.attribute("name").as_string();
        bool fits[2] = {false, false};
        for (Convention c : {Convention::kCrLfIsOne, Convention::kCrLfIsTwo}) {
          int i = static_cast<int>(c);
          auto range = ToLf(*source.text, *start, *end, c);
          if (!range) {
            scores[i] -= 10;
            continue;
          }
          fits[i] = !name.empty() && NameFits(name, source.text->Utf8(range->first, range->second));
          scores[i] += Boundaries(source.text->lf, range->first, range->second);
          if (auto placed = Locate(source, range->first, range->second)) {
            std::vector<TurnSpan> parts = source.document->text->TurnSpans(placed->first, placed->second);
            if (parts.size() == 1) scores[i] += 2;
          }
        }
        if (fits[0] != fits[1]) {
          ++votes[fits[0] ? 0 : 1];
          ++named;
        }
      }
    }
    if (!any) return;
    auto decide = [&](Convention c, const std::string& why) {
      convention_ = c;
      report_.positions = fmt::format("CRLF counted as {} ({})",
                                      c == Convention::kCrLfIsOne ? "one code point" : "two code points", why);
    };
    if (votes[0] != votes[1]) {
      int winner = votes[0] > votes[1] ? 0 : 1;
      decide(static_cast<Convention>(winner),
             fmt::format("the selections' names: {} of {} agree", votes[winner], named));
    } else if (scores[0] != scores[1]) {
      decide(scores[0] > scores[1] ? Convention::kCrLfIsOne : Convention::kCrLfIsTwo,
             "where the selections fall in our text");
    } else if (Lower(report_.origin).find("atlas") != std::string::npos) {
      decide(Convention::kCrLfIsOne, "ATLAS.ti counts a line end as one");
    } else {
      decide(Convention::kCrLfIsTwo, "the file's own code points, as REFI-QDA counts them");
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
      auto placed = Locate(source, range->first, range->second);
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
