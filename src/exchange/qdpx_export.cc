// REFI-QDA project export: pugixml writes project.qde, base/zip.h the package. docs/qdpx.md is the user's side
// of the decisions made here.
#include "exchange/qdpx.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

#include "base/error.h"
#include "base/guid.h"
#include "base/utf8.h"
#include "base/xml.h"
#include "base/zip.h"
#include "exchange/qdc.h"
#include "exchange/qdpx_common.h"

namespace kansrijk {

std::string QdpxUserGuid(const std::string& coder) { return StableGuid("qdpx-user:" + coder); }

namespace {

using qdpx::kAuto;
using qdpx::kManualCategory;
using qdpx::kManualCodebook;
using qdpx::kProjectNamespace;
using qdpx::kSnippetChars;
using qdpx::RenderDocuments;
using qdpx::Snippet;

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
  // rejected, and each listed researcher's manual codings and the suggestions they accepted. See QdpxExportOptions::coders.
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
        if (row.origin == "model" && row.status == "accepted") row.coder = coder;  // an accepted suggestion is theirs
        if ((row.origin == "manual" || row.origin == "model") && row.coder == coder) manual.push_back(std::move(row));
      }
    }
    if (listed_.contains(kAuto)) {
      for (const CodingRow& row : store_.Codings({}, {.coder = kAuto})) {
        if (row.origin == "rule" && !rejected.contains(row.id)) AddCoding(row, "");
      }
    }
    for (const CodingRow& row : manual) {
      auto when = row.origin == "manual" ? created.find(row.id) : created.end();  // ids of manual rows only
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

}  // namespace kansrijk
