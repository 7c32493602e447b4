// REFI-QDA project exchange: the export is valid and consistent (checks the schema cannot make), deterministic,
// and comes back unchanged through our own import and through what other tools do to it.
#include "exchange/qdpx.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "base/guid.h"
#include "code/codebook_checks.h"
#include "code/codebook_formats.h"
#include "exchange/qdc.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using testing::SourceDir;
using ::testing::StartsWith;
using ::testing::ThrowsMessage;
using testing::TempDir;
using Kind = ManualWork::Kind;
using Members = std::vector<std::pair<std::string, std::string>>;

using testing::RefiQdaSamples;
using testing::RefiQdaSchemas;

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Members Unzip(const std::filesystem::path& file) {
  int error = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_RDONLY, &error);
  if (!archive) throw std::runtime_error("not a zip: " + file.string());
  Members out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    std::string bytes(stat.size, '\0');
    zip_file_t* member = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(member, bytes.data(), bytes.size());
    zip_fclose(member);
    out.emplace_back(stat.name, bytes);
  }
  zip_discard(archive);
  return out;
}

std::string& Member(Members& members, const std::string& name) {
  for (auto& [n, bytes] : members) {
    if (n == name) return bytes;
  }
  throw std::runtime_error("no member " + name);
}

using testing::codebook_checks::Validate;

// Code points, decoded here by hand (independently of the code under test).
std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

size_t Utf16Units(std::string_view utf8) {
  size_t units = 0;
  for (char32_t c : Decode(utf8)) units += c >= 0x10000 ? 2 : 1;
  return units;
}

Span SpanOf(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) throw std::runtime_error("'" + needle + "' not in '" + text + "'");
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

constexpr const char* kInterview = "2021/interview-zwolle.txt";
constexpr const char* kFocus = "2022/focusgroep-tilburg.txt";

// (file, turn, begin, end, code): a coding as the round trip compares it.
using CodingKey = std::tuple<std::string, int, uint32_t, uint32_t, std::string>;

class QdpxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_.Write("manifest.csv",
                  "file,year,type,role,municipality\n"
                  "2021/interview-zwolle.txt,2021,interview,projectleider,Zwolle\n"
                  "2022/focusgroep-tilburg.txt,2022,focusgroep,professionals,Tilburg\n");
    corpus_.Write(kInterview,
                  "I: Hoe gaat het met het project in Zwolle?\n"
                  "R: Één kartrekker 👍 hielp ons enorm. Maar er is geen geld, en de coördinatie kost veel tijd.\n"
                  "I: En het personeel?\n"
                  "R: Het personeelstekort is groot.\n");
    corpus_.Write(kFocus,
                  "Gespreksleider: Wat vinden jullie ervan?\n"
                  "Deelnemer 1: De privacywetgeving houdt ons tegen.\n"
                  "Dat is echt lastig, zeker voor ouders.\n"
                  "Deelnemer 2: Ja, maar de wethouder trekt de kar gelukkig.\n");
    Ingest(store_, {.corpus = corpus_.path()});
    CodeCorpus(store_, book_, Coder(book_, morphology_));

    std::string turn2 = Turn(kInterview, 2);
    AddManual({.kind = Kind::kCode,
               .coder = "marieke",
               .file = kInterview,
               .turn = 2,
               .span = SpanOf(turn2, "Één kartrekker 👍 hielp ons enorm"),
               .code = "kartrekker",
               .memo = "sterk begin"});
    AddManual({.kind = Kind::kCode,
               .coder = "marieke",
               .file = kInterview,
               .turn = 2,
               .span = SpanOf(turn2, "de coördinatie kost veel tijd"),
               .code = "samenwerking"});
    AddManual({.kind = Kind::kReject,
               .coder = "marieke",
               .file = kInterview,
               .turn = 2,
               .code = "financiering",
               .memo = "geld is hier niet het punt"});
    AddManual({.kind = Kind::kMemo, .coder = "marieke", .file = kInterview, .memo = "eerste gesprek, goede sfeer"});
    AddManual({.kind = Kind::kMemo, .coder = "marieke", .code = "kartrekker", .memo = "ook wethouders tellen mee"});
    AddManual({.kind = Kind::kAccept,
               .coder = "joost",
               .file = kInterview,
               .turn = 4,
               .code = "personeelstekort",
               .memo = "klopt"});
    AddManual({.kind = Kind::kMemo, .coder = "joost", .file = kFocus, .turn = 2, .memo = "deelnemer 1 is zelf ouder"});
    AddManual({.kind = Kind::kMemo,
               .coder = "joost",
               .file = kFocus,
               .turn = 3,
               .code = "kartrekker",
               .memo = "de wethouder als kartrekker"});
    AddManual({.kind = Kind::kCode,
               .coder = "joost",
               .file = kFocus,
               .turn = 2,
               .span = SpanOf(Turn(kFocus, 2), "privacywetgeving houdt ons tegen.\nDat is echt lastig"),
               .code = "wet-en-regelgeving"});
    export_ = work_.path() / "kansrijk.qdpx";
    ExportQdpx(store_, {}, export_);
  }

  void AddManual(const ManualWork& work) { store_.AddManual(work); }
  std::string Turn(const std::string& file, int number) { return store_.FindTurn(file, number).value().text; }

  // What the export should hold: the rule codings no researcher rejected, and every manual coding.
  std::set<CodingKey> ExpectedCodings() {
    std::set<int64_t> rejected;
    std::set<CodingKey> out;
    for (const std::string coder : {"marieke", "joost"}) {
      for (const CodingRow& c : store_.Codings({}, {.coder = coder, .with_rejected = true})) {
        if (c.origin == "rule" && c.status == "rejected") rejected.insert(c.id);
        if (c.origin == "manual" && c.coder == coder)
          out.insert({c.turn.file, c.turn.number, c.span.begin, c.span.end, c.code});
      }
    }
    for (const CodingRow& c : store_.Codings({}, {.coder = "auto"})) {
      if (!rejected.contains(c.id)) out.insert({c.turn.file, c.turn.number, c.span.begin, c.span.end, c.code});
    }
    return out;
  }

  std::set<CodingKey> CodingsOf(const std::string& coder) {
    std::set<CodingKey> out;
    for (const ManualWork& w : store_.ManualWorkList({.coder = coder})) {
      if (w.kind == Kind::kCode) out.insert({w.file, *w.turn, w.span->begin, w.span->end, w.code});
    }
    return out;
  }

  std::filesystem::path WriteZip(const std::string& name, const Members& members) {
    return work_.Write(name, testing::Zip(members));
  }

  TempDir corpus_, work_;
  Store store_ = Store::Open(work_.path() / "k.db");
  Morphology morphology_ = Morphology::Load();
  Codebook book_ = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
  std::filesystem::path export_;
};

// Rewrites project.qde of `members` with `edit`.
void EditQde(Members& members, const std::function<void(pugi::xml_node project)>& edit,
             const std::string& name = "project.qde") {
  std::string& qde = Member(members, name);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_buffer(qde.data(), qde.size()));
  edit(document.document_element());
  std::ostringstream out;
  document.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  qde = out.str();
}

std::vector<pugi::xml_node> All(pugi::xml_node root, const char* name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xpath_node n : root.select_nodes(fmt::format(".//*[local-name()='{}']", name).c_str()))
    out.push_back(n.node());
  return out;
}

// ---- the document text ------------------------------------------------------------------------------------

TEST_F(QdpxTest, DocumentTextMapsTurnSpansToCodePointsAndBack) {
  std::vector<TurnRow> turns;
  for (const TurnRow& t : store_.Turns({})) {
    if (t.file == kInterview) turns.push_back(t);
  }
  DocumentText text(turns);
  EXPECT_EQ(text.text(),
            "I: Hoe gaat het met het project in Zwolle?\n\n"
            "R: Één kartrekker 👍 hielp ons enorm. Maar er is geen geld, en de coördinatie kost veel tijd.\n\n"
            "I: En het personeel?\n\n"
            "R: Het personeelstekort is groot.\n\n");
  Span geld = SpanOf(turns[1].text, "geen geld");
  auto [start, end] = text.CodePoints(2, geld);
  std::u32string all = Decode(text.text());
  EXPECT_EQ(Encode(all.substr(start, end - start)), "geen geld");
  size_t byte = text.text().find("geen geld");
  EXPECT_EQ(start, Decode(text.text().substr(0, byte)).size());
  EXPECT_NE(start, byte);                                     // Één: 2 bytes more
  EXPECT_NE(start, Utf16Units(text.text().substr(0, byte)));  // 👍: one UTF-16 unit more
  EXPECT_EQ(text.TurnSpans(start, end), (std::vector<TurnSpan>{{2, geld}}));
  // Across turns: the labels and blank lines drop out.
  auto [zwolle, unused] = text.CodePoints(1, SpanOf(turns[0].text, "Zwolle?"));
  auto [unused2, een_end] = text.CodePoints(2, SpanOf(turns[1].text, "Één"));
  EXPECT_EQ(text.TurnSpans(zwolle, een_end),
            (std::vector<TurnSpan>{{1, SpanOf(turns[0].text, "Zwolle?")}, {2, SpanOf(turns[1].text, "Één")}}));
  EXPECT_TRUE(text.TurnSpans(text.parts()[0].end, text.parts()[1].start).empty());  // "\n\nR: "
  EXPECT_THAT([&] { text.CodePoints(9, {0, 1}); },
              ThrowsMessage<kansrijk::Error>(HasSubstr("the document has no turn 9")));
}

// ---- export -----------------------------------------------------------------------------------------------

TEST_F(QdpxTest, ExportIsValidAndHoldsEveryCodingAtItsCodePoints) {
  Members members = Unzip(export_);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "project.qde");
  for (size_t i = 1; i < members.size(); ++i) {
    EXPECT_THAT(members[i].first, StartsWith("sources/"));
    EXPECT_FALSE(members[i].second.starts_with("\xEF\xBB\xBF"));
    EXPECT_EQ(members[i].second.find('\r'), std::string::npos);
  }
  const std::string& qde = members[0].second;
  EXPECT_THAT(qde, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));

  pugi::xml_document document;
  ASSERT_TRUE(document.load_buffer(qde.data(), qde.size()));
  pugi::xml_node project = document.document_element();
  EXPECT_FALSE(project.attribute("creationDateTime"));  // no clock: only dates from the data

  // Every GUID unique; every reference points at an object of the right kind; every creatingUser is a User.
  std::map<std::string, std::string> kind_of;  // guid → element
  for (pugi::xpath_node n : project.select_nodes(".//*[@guid]")) {
    std::string guid = n.node().attribute("guid").value();
    EXPECT_EQ(CanonicalGuid(guid), guid) << "plain lower-case GUIDs";
    EXPECT_TRUE(kind_of.emplace(guid, n.node().name()).second) << "duplicate " << guid;
  }
  for (auto [ref, target] : {std::pair{"CodeRef", "Code"}, {"NoteRef", "Note"}, {"VariableRef", "Variable"}}) {
    for (pugi::xml_node r : All(project, ref)) EXPECT_EQ(kind_of[r.attribute("targetGUID").value()], target) << ref;
  }
  for (pugi::xpath_node n : project.select_nodes(".//*[@creatingUser]")) {
    EXPECT_EQ(kind_of[n.node().attribute("creatingUser").value()], "User");
  }
  // Users: the rules and the two researchers.
  std::map<std::string, std::string> user_name;
  for (pugi::xml_node user : All(project, "User"))
    user_name[user.attribute("guid").value()] = user.attribute("name").value();
  EXPECT_EQ(user_name.size(), 3u);
  EXPECT_EQ(user_name[QdpxUserGuid("auto")], "kansrijk (automatic)");
  EXPECT_EQ(user_name[QdpxUserGuid("marieke")], "marieke");

  // Every selection's text (by code points of the .txt) is the coded text: compare with the store.
  std::map<std::string, std::string> code_name;
  for (pugi::xml_node code : All(project, "Code"))
    code_name[code.attribute("guid").value()] = code.attribute("name").value();
  std::set<std::tuple<std::string, std::string, std::string, std::string>> exported,
      expected;  // file, text, code, coder
  for (pugi::xml_node source : All(project, "TextSource")) {
    std::string path = source.attribute("plainTextPath").value();
    ASSERT_THAT(path, StartsWith("internal://"));
    EXPECT_FALSE(source.attribute("richTextPath"));
    std::u32string text = Decode(Member(members, "sources/" + path.substr(11)));
    for (pugi::xml_node selection : source.children("PlainTextSelection")) {
      size_t start = selection.attribute("startPosition").as_ullong(),
             end = selection.attribute("endPosition").as_ullong();
      ASSERT_LE(start, end);
      ASSERT_LE(end, text.size());
      std::string selected = Encode(text.substr(start, end - start));
      for (pugi::xml_node coding : selection.children("Coding")) {
        std::string coder = user_name[coding.attribute("creatingUser").value()];
        exported.insert({source.attribute("name").value(), selected,
                         code_name[coding.child("CodeRef").attribute("targetGUID").value()],
                         coder == "kansrijk (automatic)" ? "auto" : coder});
      }
    }
  }
  for (const std::string coder : {"auto", "marieke", "joost"}) {
    for (const CodingRow& c : store_.Codings({}, {.coder = coder})) {
      if (c.coder == coder && (c.origin == "manual" || c.status != "rejected")) {
        expected.insert({c.turn.file, c.turn.text.substr(c.span.begin, c.span.size()), c.code, c.coder});
      }
    }
  }
  // marieke rejected the rule coding "geld": it is left out, though joost's view has it.
  std::erase_if(expected, [](const auto& e) { return std::get<2>(e) == "financiering" && std::get<1>(e) == "geld"; });
  EXPECT_EQ(exported, expected);
  EXPECT_TRUE(exported.contains({kInterview, "Één kartrekker 👍 hielp ons enorm", "kartrekker", "marieke"}));
  EXPECT_TRUE(exported.contains({kInterview, "de coördinatie kost veel tijd", "samenwerking", "marieke"}));
  EXPECT_TRUE(exported.contains(
      {kFocus, "privacywetgeving houdt ons tegen.\nDat is echt lastig", "wet-en-regelgeving", "joost"}));

  // The position after the emoji counts code points: not bytes, not UTF-16 units.
  pugi::xml_node samenwerking = project.find_node([](pugi::xml_node n) {
    return std::string_view(n.name()) == "PlainTextSelection" &&
           std::string_view(n.attribute("name").value()) == "de coördinatie kost veel tijd";
  });
  ASSERT_TRUE(samenwerking);
  std::string interview_text;
  for (pugi::xml_node source : All(project, "TextSource")) {
    if (std::string_view(source.attribute("name").value()) == kInterview) {
      interview_text = Member(members, "sources/" + std::string(source.attribute("plainTextPath").value()).substr(11));
    }
  }
  size_t byte = interview_text.find("de coördinatie");
  EXPECT_EQ(samenwerking.attribute("startPosition").as_ullong(), Decode(interview_text.substr(0, byte)).size());
  EXPECT_NE(samenwerking.attribute("startPosition").as_ullong(), byte);
  EXPECT_NE(samenwerking.attribute("startPosition").as_ullong(), Utf16Units(interview_text.substr(0, byte)));

  // Codes only researchers used are in the CodeBook too; categories are not codable.
  EXPECT_TRUE(project.find_node(
      [](pugi::xml_node n) { return std::string_view(n.attribute("name").value()) == "samenwerking"; }));
  // Memos: Notes with their author, attached where they belong.
  std::map<std::string, pugi::xml_node> note;
  for (pugi::xml_node n : All(project, "Note")) note[n.child_value("PlainTextContent")] = n;
  for (const std::string memo :
       {"sterk begin", "geld is hier niet het punt", "eerste gesprek, goede sfeer", "ook wethouders tellen mee",
        "klopt", "deelnemer 1 is zelf ouder", "de wethouder als kartrekker"}) {
    ASSERT_TRUE(note.contains(memo)) << memo;
    std::vector<pugi::xml_node> refs;
    for (pugi::xml_node r : All(project, "NoteRef")) {
      if (std::string_view(r.attribute("targetGUID").value()) == note[memo].attribute("guid").value())
        refs.push_back(r);
    }
    ASSERT_FALSE(refs.empty()) << memo;
    std::string parent = refs[0].parent().name();
    if (memo == "eerste gesprek, goede sfeer") {
      EXPECT_EQ(parent, "TextSource");
    }
    if (memo == "ook wethouders tellen mee") {
      EXPECT_EQ(parent, "Code");
    }
    if (memo == "sterk begin" || memo == "klopt") {
      EXPECT_EQ(parent, "Coding");
    }
    if (memo == "deelnemer 1 is zelf ouder" || memo == "geld is hier niet het punt") {
      EXPECT_EQ(parent, "PlainTextSelection");
    }
  }
  EXPECT_EQ(user_name[note["klopt"].attribute("creatingUser").value()], "joost");
  // Variables: year, type and the manifest's columns, on every source.
  pugi::xml_node interview = project.find_node([](pugi::xml_node n) {
    return std::string_view(n.name()) == "TextSource" && std::string_view(n.attribute("name").value()) == kInterview;
  });
  std::map<std::string, std::string> variable_name, values;
  for (pugi::xml_node v : All(project, "Variable"))
    variable_name[v.attribute("guid").value()] = v.attribute("name").value();
  for (pugi::xml_node v : interview.children("VariableValue")) {
    values[variable_name[v.child("VariableRef").attribute("targetGUID").value()]] = v.child_value("TextValue");
  }
  EXPECT_EQ(values,
            (std::map<std::string, std::string>{
                {"year", "2021"}, {"type", "interview"}, {"role", "projectleider"}, {"municipality", "Zwolle"}}));

  TempDir dir;
  bool skipped = false;
  EXPECT_EQ(Validate(dir.Write("project.qde", qde), "Project.xsd", skipped), "");
  if (skipped) GTEST_SKIP() << "no xmllint or no " << (RefiQdaSchemas() / "Project.xsd");
}

TEST_F(QdpxTest, TwoExportsAreByteIdentical) {
  std::filesystem::path again = work_.path() / "again.qdpx";
  ExportQdpx(store_, {}, again);
  EXPECT_EQ(ReadBytes(again), ReadBytes(export_));
  // Every entry carries the fixed date, not the time of the export.
  zip_t* archive = zip_open(export_.c_str(), ZIP_RDONLY, nullptr);
  ASSERT_TRUE(archive);
  std::tm day{};
  day.tm_year = 100;
  day.tm_mday = 1;
  day.tm_isdst = -1;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    EXPECT_EQ(stat.mtime, std::mktime(&day)) << stat.name;
  }
  zip_discard(archive);
  // Re-coding the corpus (new row ids) changes nothing.
  CodeCorpus(store_, book_, Coder(book_, morphology_));
  ExportQdpx(store_, {}, again);
  EXPECT_EQ(ReadBytes(again), ReadBytes(export_));
}

TEST_F(QdpxTest, ExportOfChosenCoders) {
  std::filesystem::path out = work_.path() / "marieke.qdpx";
  ExportQdpx(store_, {.coders = {"marieke"}}, out);
  std::string qde = Unzip(out)[0].second;
  EXPECT_EQ(qde.find(QdpxUserGuid("auto")), std::string::npos);
  EXPECT_EQ(qde.find("klopt"), std::string::npos);  // joost's memo
  EXPECT_NE(qde.find("sterk begin"), std::string::npos);
  EXPECT_THAT(ErrorOf([&] { ExportQdpx(store_, {.coders = {"nobody"}}, out); }),
              HasSubstr("no coder 'nobody' in this database (hint: coders here: auto, joost, marieke)"));
}

// ---- import -----------------------------------------------------------------------------------------------

TEST_F(QdpxTest, OwnExportComesBackAsTheSameCodings) {
  QdpxImportReport report = ImportQdpx(store_, export_, {.coder = "nvivo"});
  EXPECT_EQ(report.project, "kansrijk");
  ASSERT_EQ(report.matched.size(), 2u);
  for (const auto& m : report.matched) EXPECT_EQ(m.how, "same text");
  EXPECT_TRUE(report.unmatched.empty());
  EXPECT_TRUE(report.not_placed.empty()) << report.not_placed[0].why;
  EXPECT_TRUE(report.unknown_codes.empty());
  EXPECT_TRUE(report.positions.empty());  // no CRLF anywhere
  EXPECT_TRUE(report.applied);
  std::set<CodingKey> expected = ExpectedCodings();
  EXPECT_EQ(CodingsOf("nvivo"), expected);
  EXPECT_EQ(report.seen, (std::vector<std::string>{kInterview, kFocus}));

  // Every memo came along, on the same document, turn and (where it had one) code.
  std::map<std::string, ManualWork> memo;
  for (const ManualWork& w : store_.ManualWorkList({.coder = "nvivo"})) {
    if (w.kind == Kind::kMemo) memo[w.memo] = w;
  }
  auto on = [&](const std::string& text) {
    const ManualWork& w = memo.at(text);
    return fmt::format("{}#{}/{}", w.file, w.turn ? *w.turn : 0, w.code);
  };
  EXPECT_EQ(memo.size(), 7u);
  EXPECT_EQ(on("eerste gesprek, goede sfeer"), fmt::format("{}#0/", kInterview));
  EXPECT_EQ(on("ook wethouders tellen mee"), "#0/kartrekker");
  EXPECT_EQ(on("sterk begin"), fmt::format("{}#2/kartrekker", kInterview));
  EXPECT_EQ(on("geld is hier niet het punt"), fmt::format("{}#2/", kInterview));
  EXPECT_EQ(on("klopt"), fmt::format("{}#4/personeelstekort", kInterview));
  EXPECT_EQ(on("deelnemer 1 is zelf ouder"), fmt::format("{}#2/", kFocus));
  EXPECT_THAT(on("de wethouder als kartrekker"), StartsWith(fmt::format("{}#3/", kFocus)));

  // Importing again changes nothing: codings are not doubled, memos not repeated.
  size_t before = store_.ManualWorkList({.coder = "nvivo"}).size();
  ImportQdpx(store_, export_, {.coder = "nvivo"});
  std::vector<ManualWork> after = store_.ManualWorkList({.coder = "nvivo"});
  EXPECT_EQ(after.size(), before);
  for (const ManualWork& w : after) {
    if (w.kind == Kind::kMemo) {
      EXPECT_TRUE(memo.contains(w.memo)) << w.memo;
    }
  }
  std::ostringstream text;
  WriteQdpxImportReport(report, text);
  EXPECT_THAT(text.str(), HasSubstr("Sources: 2 matched, 0 not matched"));
  EXPECT_THAT(text.str(), HasSubstr(fmt::format("Codings: {} manual codings of nvivo", expected.size())));
}

// Some tools write note ids that are not GUIDs: each note still reaches the thing that refers to it.
TEST_F(QdpxTest, NotesWithIdsThatAreNotGuidsStayApart) {
  Members members = Unzip(export_);
  EditQde(members, [](pugi::xml_node project) {
    std::map<std::string, std::string> ids;
    for (pugi::xml_node note : All(project, "Note")) {
      std::string id = fmt::format("note {}", ids.size() + 1);
      ids[note.attribute("guid").value()] = id;
      note.attribute("guid").set_value(id.c_str());
    }
    for (pugi::xml_node ref : All(project, "NoteRef")) {
      ref.attribute("targetGUID").set_value(ids.at(ref.attribute("targetGUID").value()).c_str());
    }
  });
  ImportQdpx(store_, WriteZip("odd-notes.qdpx", members), {.coder = "nvivo"});
  std::set<std::string> memos;
  for (const ManualWork& w : store_.ManualWorkList({.coder = "nvivo"})) {
    if (w.kind == Kind::kMemo) memos.insert(w.memo);
  }
  EXPECT_EQ(memos.size(), 7u);
  EXPECT_TRUE(memos.contains("eerste gesprek, goede sfeer"));
  EXPECT_TRUE(memos.contains("klopt"));
}

TEST_F(QdpxTest, DryRunChangesNothing) {
  QdpxImportReport report = ImportQdpx(store_, export_, {.coder = "nvivo", .dry_run = true});
  EXPECT_FALSE(report.applied);
  EXPECT_EQ(report.codings.size(), ExpectedCodings().size());
  EXPECT_TRUE(store_.ManualWorkList({.coder = "nvivo"}).empty());
  std::ostringstream text;
  WriteQdpxImportReport(report, text);
  EXPECT_THAT(text.str(), HasSubstr("Dry run: nothing was changed."));
}

TEST_F(QdpxTest, ImportExtendsTheCodersOwnMemosAndKeepsTheirCodings) {
  std::string turn2 = Turn(kInterview, 2);
  Span kartrekker = SpanOf(turn2, "Één kartrekker 👍 hielp ons enorm");
  AddManual({.kind = Kind::kMemo, .coder = "nvivo", .file = kInterview, .memo = "eigen notitie"});
  AddManual({.kind = Kind::kCode,
             .coder = "nvivo",
             .file = kInterview,
             .turn = 2,
             .span = kartrekker,
             .code = "kartrekker",
             .valence = '-',
             .memo = "eigen codememo"});
  ImportQdpx(store_, export_, {.coder = "nvivo"});
  bool memo = false, coding = false;
  for (const ManualWork& w : store_.ManualWorkList({.coder = "nvivo"})) {
    if (w.kind == Kind::kMemo && w.file == kInterview && !w.turn) {
      EXPECT_EQ(w.memo, "eigen notitie\n\neerste gesprek, goede sfeer");
      memo = true;
    }
    if (w.kind == Kind::kCode && w.span == kartrekker) {
      EXPECT_EQ(w.memo, "eigen codememo");
      EXPECT_EQ(w.valence, '-');
      coding = true;
    }
  }
  EXPECT_TRUE(memo);
  EXPECT_TRUE(coding);
}

// What other tools do to a project: each variation imports the same codings.
TEST_F(QdpxTest, VendorVariationsImportTheSameCodings) {
  const Members ours = Unzip(export_);
  // The .txt of every TextSource, by its guid.
  auto texts = [&] {
    std::map<std::string, std::string> out;
    for (const auto& [name, bytes] : ours) {
      if (name.starts_with("sources/")) out[name.substr(8, 36)] = bytes;
    }
    return out;
  }();
  auto crlf = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
  };
  auto txt_to_crlf = [&](Members& m) {
    for (auto& [name, bytes] : m) {
      if (name.starts_with("sources/")) bytes = crlf(bytes);
    }
  };
  auto drop_names = [](pugi::xml_node project) {
    for (pugi::xml_node s : All(project, "PlainTextSelection")) s.remove_attribute("name");
  };
  // NVivo: positions count CRLF as two code points.
  auto crlf_positions = [&](pugi::xml_node project) {
    for (pugi::xml_node source : All(project, "TextSource")) {
      std::u32string text = Decode(texts.at(std::string(source.attribute("guid").value())));
      for (pugi::xml_node s : source.children("PlainTextSelection")) {
        for (const char* attribute : {"startPosition", "endPosition"}) {
          size_t at = s.attribute(attribute).as_ullong();
          size_t lines = std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), U'\n');
          s.attribute(attribute).set_value(std::to_string(at + lines).c_str());
        }
      }
    }
  };
  auto upper = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    return text;
  };

  struct Variation {
    std::string name;
    std::function<void(Members&)> edit;
    std::string positions;  // expected start of report.positions
  };
  std::vector<Variation> variations = {
      {"atlas-name", [](Members& m) { m[0].first = "Mijn project.qde"; }, ""},
      {"capital-sources",
       [](Members& m) {
         for (auto& [name, bytes] : m) {
           if (name.starts_with("sources/")) name = "Sources/" + name.substr(8);
         }
       },
       ""},
      {"bom",
       [](Members& m) {
         for (auto& [name, bytes] : m) {
           if (name.starts_with("sources/")) bytes = "\xEF\xBB\xBF" + bytes;
         }
       },
       ""},
      {"crlf-atlas", [&](Members& m) { txt_to_crlf(m); }, "CRLF counted as one code point (the selections' names"},
      {"crlf-nvivo",
       [&](Members& m) {
         txt_to_crlf(m);
         EditQde(m, crlf_positions);
       },
       "CRLF counted as two code points (the selections' names"},
      {"crlf-atlas-no-names",
       [&](Members& m) {
         txt_to_crlf(m);
         EditQde(m, drop_names);
       },
       "CRLF counted as one code point (where the selections fall"},
      {"crlf-nvivo-no-names-bom",
       [&](Members& m) {
         txt_to_crlf(m);
         for (auto& [name, bytes] : m) {
           if (name.starts_with("sources/")) bytes = "\xEF\xBB\xBF" + bytes;
         }
         EditQde(m, [&](pugi::xml_node p) {
           crlf_positions(p);
           drop_names(p);
         });
       },
       "CRLF counted as two code points (where the selections fall"},
      {"braces-upper-case",
       [&](Members& m) {
         EditQde(m, [&](pugi::xml_node project) {
           for (pugi::xpath_node n : project.select_nodes(".//@*")) {
             pugi::xml_attribute a = n.attribute();
             std::string_view name = a.name();
             if (name == "guid" || name == "targetGUID" || name == "creatingUser") {
               a.set_value(("{" + upper(a.value()) + "}").c_str());
             } else if (name == "plainTextPath") {
               std::string path = a.value();
               a.set_value(("internal://" + upper(path.substr(11, 36)) + ".txt").c_str());
             }
           }
         });
         for (auto& [name, bytes] : m) {
           if (name.starts_with("sources/")) name = "sources/" + upper(name.substr(8, 36)) + ".txt";
         }
       },
       ""},
      {"inline-text",
       [&](Members& m) {
         EditQde(m, [&](pugi::xml_node project) {
           for (pugi::xml_node source : All(project, "TextSource")) {
             std::string guid = source.attribute("guid").value();
             source.remove_attribute("plainTextPath");
             source.prepend_child("PlainTextContent").text().set(texts.at(guid).c_str());
           }
         });
         std::erase_if(m, [](const auto& member) { return member.first.starts_with("sources/"); });
       },
       ""},
  };
  std::set<CodingKey> expected = ExpectedCodings();
  for (const Variation& v : variations) {
    SCOPED_TRACE(v.name);
    Members members = ours;
    v.edit(members);
    QdpxImportReport report = ImportQdpx(store_, WriteZip(v.name + ".qdpx", members), {.coder = v.name});
    EXPECT_EQ(report.matched.size(), 2u);
    for (const auto& u : report.unmatched) ADD_FAILURE() << u.source << ": " << u.why;
    for (const auto& s : report.not_placed)
      ADD_FAILURE() << s.source << " " << s.start << "-" << s.end << ": " << s.why;
    EXPECT_TRUE(report.unknown_codes.empty());
    EXPECT_THAT(report.positions, StartsWith(v.positions));
    if (v.positions.empty()) {
      EXPECT_EQ(report.positions, "");
    }
    EXPECT_EQ(CodingsOf(v.name), expected);
  }

  // A bare .qde, its texts in a sources folder beside it.
  TempDir bare;
  for (const auto& [name, bytes] : ours) bare.Write(name, bytes);
  QdpxImportReport report = ImportQdpx(store_, bare.path() / "project.qde", {.coder = "bare"});
  EXPECT_EQ(report.matched.size(), 2u);
  EXPECT_EQ(CodingsOf("bare"), expected);
}

TEST_F(QdpxTest, SelectionsThatCannotBePlacedAreReported) {
  Members members = Unzip(export_);
  std::string text;
  for (const auto& [name, bytes] : members) {
    if (bytes.starts_with("I: Hoe gaat het")) text = bytes;
  }
  auto cp = [&](const std::string& needle, bool end) {
    size_t at = text.find(needle) + (end ? needle.size() : 0);
    return std::to_string(Decode(text.substr(0, at)).size());
  };
  std::string financiering = QdcCodeGuid("mini", "financiering");
  std::string unknown = StableGuid("onbekend");
  EditQde(members, [&](pugi::xml_node project) {
    pugi::xml_node codes = project.child("CodeBook").child("Codes");
    pugi::xml_node code = codes.append_child("Code");
    code.append_attribute("guid") = unknown.c_str();
    code.append_attribute("name") = "Onbekend thema";
    code.append_attribute("isCodable") = "true";
    pugi::xml_node source = project.find_node([](pugi::xml_node n) {
      return std::string_view(n.name()) == "TextSource" && std::string_view(n.attribute("name").value()) == kInterview;
    });
    pugi::xml_node before = source.child("NoteRef") ? source.child("NoteRef") : source.child("VariableValue");
    int n = 0;
    auto add = [&](const std::string& start, const std::string& end, const std::string& code_guid) {
      pugi::xml_node s = source.insert_child_before("PlainTextSelection", before);
      s.append_attribute("guid") = StableGuid("extra" + std::to_string(++n)).c_str();
      s.append_attribute("startPosition") = start.c_str();
      s.append_attribute("endPosition") = end.c_str();
      pugi::xml_node coding = s.append_child("Coding");
      coding.append_attribute("guid") = StableGuid("extra-coding" + std::to_string(n)).c_str();
      coding.append_child("CodeRef").append_attribute("targetGUID") = code_guid.c_str();
    };
    add("5", "5", financiering);                                          // zero length
    add(cp("Zwolle?", false), cp("Één kartrekker", true), financiering);  // across two turns: split
    add(cp("personeel?", false), cp("personeel?", true), unknown);        // unknown code only
    add("100000", "100010", financiering);                                // beyond the end
    pugi::xml_node whole = source.insert_child_before("Coding", before);  // the whole document
    whole.append_attribute("guid") = StableGuid("whole").c_str();
    whole.append_child("CodeRef").append_attribute("targetGUID") = financiering.c_str();
  });
  QdpxImportReport report = ImportQdpx(store_, WriteZip("edge.qdpx", members), {.coder = "edge"});
  std::vector<std::string> why;
  for (const auto& s : report.not_placed) why.push_back(s.why);
  EXPECT_THAT(why,
              ::testing::UnorderedElementsAre(
                  "a zero-length selection (it selects no text)", "none of its codes is known here: Onbekend thema",
                  HasSubstr("it lies beyond the end of the text"),
                  "a coding of the whole document with financiering: kansrijk codes turns, not documents"));
  ASSERT_EQ(report.unknown_codes.size(), 1u);
  EXPECT_EQ(report.unknown_codes[0].name, "Onbekend thema");
  EXPECT_EQ(report.unknown_codes[0].codings, 1);
  // The selection across two turns became one coding per turn.
  std::set<CodingKey> codings = CodingsOf("edge");
  EXPECT_TRUE(codings.contains({kInterview, 1, SpanOf(Turn(kInterview, 1), "Zwolle?").begin,
                                SpanOf(Turn(kInterview, 1), "Zwolle?").end, "financiering"}));
  EXPECT_TRUE(codings.contains(
      {kInterview, 2, 0, static_cast<uint32_t>(std::string("Één kartrekker").size()), "financiering"}));
  auto split =
      std::find_if(report.placed.begin(), report.placed.end(), [](const auto& s) { return s.turns.size() == 2; });
  ASSERT_NE(split, report.placed.end());
  EXPECT_EQ(split->codes, std::vector<std::string>{"financiering"});
}

// A project from another tool, its text the original transcript: matched by content, placed by text.
TEST_F(QdpxTest, MatchesByContentAndPlacesByText) {
  std::string transcript = ReadBytes(corpus_.path() / kInterview);
  std::string extra = "Dit gesprek gaat over iets heel anders, namelijk over de inrichting van de markt.";
  auto cp = [&](const std::string& needle) {
    size_t at = transcript.find(needle);
    return std::pair{Decode(transcript.substr(0, at)).size(), Decode(transcript.substr(0, at + needle.size())).size()};
  };
  auto [geld_start, geld_end] = cp("geen geld");
  auto [tekort_start, tekort_end] = cp("personeelstekort is groot");
  std::string code = StableGuid("atlas-code"), other = StableGuid("atlas-code-2");
  std::string qde = fmt::format(
      R"(<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="atlas" origin="ATLAS.ti 23">
  <CodeBook><Codes>
    <Code guid="{0}" name="Financiering" isCodable="true"/>
    <Code guid="{1}" name="Staff shortage" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{2}" name="Interview Zwolle">
      <PlainTextContent>{3}</PlainTextContent>
      <PlainTextSelection guid="{4}" startPosition="{5}" endPosition="{6}">
        <Description>waarom geen geld?</Description>
        <Coding guid="{7}"><CodeRef targetGUID="{0}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{8}" startPosition="{9}" endPosition="{10}">
        <Coding guid="{11}"><CodeRef targetGUID="{1}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{12}" name="Markt">
      <PlainTextContent>{13}</PlainTextContent>
    </TextSource>
  </Sources>
</Project>
)",
      code, other, StableGuid("s1"), transcript, StableGuid("sel1"), geld_start, geld_end, StableGuid("c1"),
      StableGuid("sel2"), tekort_start, tekort_end, StableGuid("c2"), StableGuid("s2"), extra);
  QdpxImportReport report = ImportQdpx(store_, work_.Write("atlas.qde", qde), {.coder = "atlas"});
  ASSERT_EQ(report.matched.size(), 1u);
  EXPECT_EQ(report.matched[0].file, kInterview);
  EXPECT_EQ(report.matched[0].how, "by content: 4 of its 4 turns found");
  ASSERT_EQ(report.unmatched.size(), 1u);
  EXPECT_EQ(report.unmatched[0].source, "Markt");
  EXPECT_THAT(report.unmatched[0].why, HasSubstr("no document in the database has this text"));
  EXPECT_EQ(CodingsOf("atlas"),
            (std::set<CodingKey>{{kInterview, 2, SpanOf(Turn(kInterview, 2), "geen geld").begin,
                                  SpanOf(Turn(kInterview, 2), "geen geld").end, "financiering"},
                                 {kInterview, 4, SpanOf(Turn(kInterview, 4), "personeelstekort is groot").begin,
                                  SpanOf(Turn(kInterview, 4), "personeelstekort is groot").end, "personeelstekort"}}));
  ASSERT_EQ(report.memos.size(), 1u);  // the selection's Description, as ATLAS.ti writes comments
  EXPECT_EQ(report.memos[0].memo, "waarom geen geld?");
  EXPECT_EQ(report.memos[0].turn, 2);
}

TEST_F(QdpxTest, RealSamplesImportWithoutTheirTexts) {
  std::filesystem::path atlas = RefiQdaSamples() / "atlasti23_target-atlas-project.qdpx";
  std::filesystem::path f4 = RefiQdaSamples() / "f4analyse_project.qde";
  if (!std::filesystem::exists(atlas) || !std::filesystem::exists(f4)) GTEST_SKIP() << "no REFI-QDA samples found (set KANSRIJK_REFI_SAMPLES)";
  QdpxImportReport a = ImportQdpx(store_, atlas, {.coder = "atlas"});
  EXPECT_TRUE(a.matched.empty());
  std::vector<std::string> names;
  for (const auto& c : a.unknown_codes) names.push_back(c.name);
  EXPECT_THAT(names, ::testing::ElementsAre("Commits", "2022-05-10T02:05:59Z 19e4dce", "2022-02-11T10:39:25Z cdbfd92"));

  QdpxImportReport f = ImportQdpx(store_, f4, {.coder = "f4"});
  EXPECT_TRUE(f.matched.empty());
  ASSERT_EQ(f.unmatched.size(), 4u);
  EXPECT_THAT(f.unmatched[2].why, HasSubstr("is not in the project file"));
  EXPECT_EQ(f.unmatched[2].selections, 4);
  ASSERT_EQ(f.unknown_codes.size(), 1u);
  EXPECT_EQ(f.unknown_codes[0].name, "Dies ist ein Test-Code");
  EXPECT_EQ(f.unknown_codes[0].codings, 2);
  EXPECT_TRUE(store_.ManualWorkList({.coder = "atlas"}).empty());
  EXPECT_TRUE(store_.ManualWorkList({.coder = "f4"}).empty());
  std::ostringstream text;
  WriteQdpxImportReport(f, text);
  EXPECT_THAT(text.str(), HasSubstr("\"Dies ist ein Test-Code\" (2 codings)"));
}

TEST_F(QdpxTest, BrokenFilesAreErrorsNamingFileAndPosition) {
  std::string bytes = ReadBytes(export_);
  std::filesystem::path truncated = work_.Write("kapot.qdpx", bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(ErrorOf([&] { ImportQdpx(store_, truncated, {.coder = "x"}); }),
              HasSubstr("kapot.qdpx: not a valid .qdpx: it is not a zip archive"));

  Members members = Unzip(export_);
  Member(members, "project.qde") =
      "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n  <Users>\n</Project>\n";
  EXPECT_THAT(ErrorOf([&] { ImportQdpx(store_, WriteZip("xml.qdpx", members), {.coder = "x"}); }),
              HasSubstr("xml.qdpx/project.qde:4:3: not well-formed XML"));
  EXPECT_THAT(
      ErrorOf([&] { ImportQdpx(store_, work_.Write("kapot.qde", "<Project name=\"x\">\n<Sources>"), {.coder = "x"}); }),
      HasSubstr("kapot.qde:2:"));
  EXPECT_THAT(ErrorOf([&] {
                ImportQdpx(store_, WriteZip("leeg.qdpx", {{"sources/a.txt", "x"}}), {.coder = "x"});
              }),
              HasSubstr("leeg.qdpx: the archive has no project.qde at its root"));
  EXPECT_THAT(ErrorOf([&] { ImportQdpx(store_, work_.Write("boek.qde", "<CodeBook/>"), {.coder = "x"}); }),
              HasSubstr("the root element is <CodeBook>, not <Project>"));
  EXPECT_THAT(ErrorOf([&] { ImportQdpx(store_, export_, {.coder = "auto"}); }),
              HasSubstr("'auto' is the name of the rules"));
  EXPECT_THAT(ErrorOf([&] { ImportQdpx(store_, export_, {}); }), HasSubstr("a coder name is needed"));
  EXPECT_TRUE(store_.ManualWorkList({.coder = "x"}).empty());
}

}  // namespace
}  // namespace kansrijk
