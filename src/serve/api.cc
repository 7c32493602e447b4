#include "serve/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/csv.h"
#include "base/error.h"
#include "base/utf8.h"
#include "export/pseudonyms.h"
#include "serve/overview.h"
#include "search/search.h"
#include "work/work.h"

namespace kansrijk::serve {

namespace {

using Kind = ManualWork::Kind;

std::string Text(const Json& body, const char* key, bool required = true) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw ApiError(400, fmt::format("the request has no '{}'", key));
    return "";
  }
  if (!it->is_string()) throw ApiError(400, fmt::format("'{}' must be text", key));
  return it->get<std::string>();
}

int64_t Number(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) throw ApiError(400, fmt::format("the request has no number '{}'", key));
  return it->get<int64_t>();
}

std::string Param(const Query& q, const char* key, bool required = true) {
  auto it = q.find(key);
  if (it == q.end() || it->second.empty()) {
    if (required) throw ApiError(400, fmt::format("the request has no '{}'", key));
    return "";
  }
  return it->second;
}

int ParamNumber(const Query& q, const char* key) {
  std::string text = Param(q, key);
  if (text.size() > 9 || !std::all_of(text.begin(), text.end(), ::isdigit)) {
    throw ApiError(400, fmt::format("'{}' is not a number: {}", key, text));
  }
  return std::stoi(text);
}

StoredDocument FindDocument(const Store& store, const std::string& file) {
  std::optional<StoredDocument> document = store.FindDocument(file);
  if (!document) throw ApiError(404, fmt::format("{}: no such document in the database", file));
  return *document;
}

// A write names the version of the document the page shows; a re-ingest in the meantime changes it.
StoredDocument CheckVersion(const Store& store, const Json& body) {
  StoredDocument document = FindDocument(store, Text(body, "file"));
  if (Text(body, "version") != document.fingerprint) {
    throw ApiError(409, fmt::format("{} was read in again since this page showed it: the page reloads it, "
                                    "then do it again",
                                    document.file));
  }
  return document;
}

// The version (fingerprint) of each document a list names, read once per document.
class Versions {
 public:
  explicit Versions(const Store& store) : store_(store) {}
  const std::string& Of(const std::string& file) {
    auto [it, added] = versions_.try_emplace(file);
    if (added) it->second = FindDocument(store_, file).fingerprint;
    return it->second;
  }

 private:
  const Store& store_;
  std::map<std::string, std::string> versions_;
};

int TurnNumber(const Json& body) {
  int64_t turn = Number(body, "turn");
  if (turn < 1 || turn > 1000000) throw ApiError(400, fmt::format("turn {} does not exist", turn));
  return static_cast<int>(turn);
}

Json Undo(const std::string& path, Json body) { return Json{{"path", path}, {"body", std::move(body)}}; }

std::string Label(const StoredCode& code, const std::string& lang) {
  return lang == "en" && !code.label_en.empty() ? code.label_en : code.label_nl;
}

}  // namespace

Json CodesJson(Context& c) {
  Json codes = Json::array();
  for (const StoredCode& code : c.store.Codes()) {
    codes.push_back({{"code", code.code}, {"label", Label(code, c.lang)}, {"category", code.category},
                     {"valence", code.valence}, {"colour", code.colour}});
  }
  return codes;
}

namespace {

// The coder's review decision on a code of a turn: accept, reject or none.
std::string Decision(Context& c, const std::string& file, int turn, const std::string& code) {
  TurnFilter filter{.files = {file}};
  for (const CodingRow& row : c.store.Codings(filter, {.coder = c.coder, .with_rejected = true, .with_suggestions = true})) {
    if (row.origin != "manual" && row.turn.number == turn && row.code == code) {
      return row.status == "accepted" ? "accept" : row.status == "rejected" ? "reject" : "none";
    }
  }
  return "none";
}

// The coder's placed work that `match`es, on `file` ("" for any document or none).
std::optional<ManualWork> FindMine(Context& c, const std::string& file,
                                   const std::function<bool(const ManualWork&)>& match) {
  for (ManualWork& w : c.store.ManualWorkList({.coder = c.coder, .file = file})) {
    if (w.orphaned.empty() && match(w)) return w;
  }
  return std::nullopt;
}

Json CodingJson(const ManualWork& w, const std::string& text, const std::string& version) {
  return {{"file", w.file}, {"version", version}, {"turn", *w.turn}, {"code", w.code},
          {"start", CodePointOffset(text, w.span->begin)}, {"end", CodePointOffset(text, w.span->end)},
          {"valence", std::string(1, w.valence)}, {"memo", w.memo}};
}

void Decide(Context& c, const std::string& file, int turn, const std::string& code, const std::string& decision,
            const std::string& memo = "") {
  if (decision == "none") {
    for (Kind kind : {Kind::kAccept, Kind::kReject}) {
      c.store.RemoveManual({.kind = kind, .coder = c.coder, .file = file, .turn = turn, .code = code});
    }
    return;
  }
  if (decision != "accept" && decision != "reject") throw ApiError(400, "decision must be accept, reject or none");
  c.store.AddManual({.kind = decision == "accept" ? Kind::kAccept : Kind::kReject, .coder = c.coder, .file = file,
                     .turn = turn, .code = code, .memo = memo});
}

}  // namespace

Json Overview(Context& c) {
  Json overview = c.overview.Get(c);
  overview["codes"] = CodesJson(c);
  return overview;
}

Json Document(Context& c, const Query& q) {
  StoredDocument document = FindDocument(c.store, Param(q, "file"));
  const std::string& file = document.file;
  TurnFilter filter{.files = {file}};
  std::map<int, Json> codings;  // by turn number
  for (const CodingRow& row : c.store.Codings(filter, {.coder = c.coder, .with_rejected = true, .with_suggestions = true})) {
    const std::string& text = row.turn.text;
    Json& list = codings[row.turn.number];
    if (list.is_null()) list = Json::array();
    list.push_back({{"id", row.id}, {"origin", row.origin}, {"coder", row.coder}, {"code", row.code},
                    {"start", CodePointOffset(text, row.span.begin)}, {"end", CodePointOffset(text, row.span.end)},
                    {"valence", std::string(1, row.valence)}, {"status", row.status}, {"rules", row.rules},
                    {"reason", row.valence_reason}, {"memo", row.memo}});
  }
  std::set<int> seen;
  bool seen_all = false;
  std::map<int, std::string> turn_memos;
  std::map<std::pair<int, std::string>, std::string> coding_memos;
  std::string document_memo;
  for (const ManualWork& w : c.store.ManualWorkList({.coder = c.coder, .file = file})) {
    if (!w.orphaned.empty()) continue;
    if (w.kind == Kind::kSeen) {
      if (w.turn) seen.insert(*w.turn);
      else seen_all = true;
    } else if (w.kind == Kind::kMemo) {
      if (!w.turn) document_memo = w.memo;
      else if (w.code.empty()) turn_memos[*w.turn] = w.memo;
      else coding_memos[{*w.turn, w.code}] = w.memo;
    }
  }
  Json turns = Json::array();
  for (const TurnRow& t : c.store.Turns(filter)) {
    Json memos = Json::object();
    for (const auto& [key, memo] : coding_memos) {
      if (key.first == t.number) memos[key.second] = memo;
    }
    turns.push_back({{"n", t.number}, {"speaker", t.speaker}, {"interviewer", t.is_interviewer},
                     {"time", t.start_ms ? FormatClock(*t.start_ms) : std::string()}, {"text", t.text},
                     {"seen", seen_all || seen.contains(t.number)}, {"memo", turn_memos[t.number]},
                     {"coding_memos", std::move(memos)},
                     {"codings", codings.contains(t.number) ? codings[t.number] : Json::array()}});
  }
  return {{"file", file}, {"key", c.overview.Key(c, file)}, {"year", document.year},
          {"type", document.type}, {"version", document.fingerprint}, {"seen", seen_all},
          {"memo", document_memo}, {"codes", CodesJson(c)}, {"turns", std::move(turns)}};
}

// A model's suggestion as `kansrijk explain` shows it: probability, the threshold it suggests from, the features
// that raised the probability most (learn/features.h: s: a stem, c: a compound part, n: after a negation) with
// what each added, and why it has its valence.
Json SuggestionJson(const StoredSuggestion& s) {
  Json features = Json::array();
  for (const auto& [feature, weight] : s.features) features.push_back({{"feature", feature}, {"weight", weight}});
  return {{"code", s.code}, {"valence", std::string(1, s.valence)}, {"probability", s.probability},
          {"threshold", s.threshold}, {"features", std::move(features)}, {"reason", s.valence_reason}};
}

Json Explain(Context& c, const Query& q) {
  if (!c.explainer) c.explainer = std::make_unique<Explainer>(Explainer::Load(c.store));
  Explanation e = c.explainer->Explain(c.store, Param(q, "file"), ParamNumber(q, "turn"));
  Json matches = Json::array();
  for (const RuleMatch& m : e.trace.matches) {
    matches.push_back({{"code", m.code}, {"rule", m.rule}, {"words", e.turn.text.substr(m.span.begin, m.span.size())},
                       {"start", CodePointOffset(e.turn.text, m.span.begin)},
                       {"end", CodePointOffset(e.turn.text, m.span.end)}, {"valence", std::string(1, m.valence)},
                       {"reason", m.valence_reason}, {"excluded_by", m.vetoed_by}});
  }
  Json suggestions = Json::array();
  for (const StoredSuggestion& s : e.suggestions) suggestions.push_back(SuggestionJson(s));
  return {{"file", e.turn.file}, {"turn", e.turn.number}, {"codebook", c.explainer->codebook().id},
          {"matches", std::move(matches)}, {"suggestions", std::move(suggestions)}};
}

Json Queue(Context& c, const Query& q) {
  TurnFilter filter{.speakers = TurnFilter::Speakers::kRespondent};
  if (std::string year = Param(q, "year", false); !year.empty()) filter.years = {ParamNumber(q, "year")};
  if (std::string file = Param(q, "file", false); !file.empty()) filter.files = {file};
  const int limit = 50;  // the page asks again when it has worked through these
  Store::ReviewQueue queue = c.store.OpenReviews(c.coder, filter, Param(q, "code", false), Param(q, "valence", false), limit,
                                                 Param(q, "order", false) == "uncertain");
  Versions versions(c.store);
  Json out = Json::array();
  for (const std::vector<CodingRow>& item : queue.items) {
    if (item.empty()) continue;
    const TurnRow& t = item[0].turn;
    Json spans = Json::array();
    for (const CodingRow& row : item) {
      spans.push_back({{"start", CodePointOffset(t.text, row.span.begin)}, {"end", CodePointOffset(t.text, row.span.end)},
                       {"valence", std::string(1, row.valence)}, {"rules", row.rules}, {"reason", row.valence_reason}});
    }
    Json before = nullptr;
    if (std::optional<TurnRow> previous = c.store.FindTurn(t.file, t.number - 1)) {
      before = {{"n", previous->number}, {"speaker", previous->speaker}, {"interviewer", previous->is_interviewer},
                {"text", previous->text}};
    }
    Json suggestion = nullptr;  // a model's
    for (const StoredSuggestion& s : item[0].origin == "model" ? c.store.Suggestions(t.id) : std::vector<StoredSuggestion>{}) {
      if (s.code == item[0].code) suggestion = SuggestionJson(s);
    }
    out.push_back({{"file", t.file}, {"version", versions.Of(t.file)}, {"year", t.year}, {"turn", t.number},
                   {"speaker", t.speaker}, {"text", t.text}, {"code", item[0].code}, {"spans", std::move(spans)},
                   {"before", std::move(before)}, {"suggestion", std::move(suggestion)}});
  }
  return {{"left", queue.total}, {"items", std::move(out)}};
}

Json SearchTurns(Context& c, const Query& q) {
  SearchRequest request{.query = Param(q, "q"), .limit = 500, .context_chars = 60};
  if (!Param(q, "year", false).empty()) request.filter.years = {ParamNumber(q, "year")};
  std::vector<KwicLine> lines;
  try {
    lines = Search(c.store, request);
  } catch (const Error& error) {
    throw ApiError(400, error.message() + (error.hint().empty() ? "" : " (" + error.hint() + ")"));
  }
  Versions versions(c.store);
  Json hits = Json::array();
  for (const KwicLine& l : lines) {
    hits.push_back({{"file", l.turn.file}, {"version", versions.Of(l.turn.file)}, {"year", l.turn.year},
                    {"turn", l.turn.number}, {"speaker", l.turn.speaker}, {"interviewer", l.turn.is_interviewer},
                    {"left", l.left}, {"match", l.text}, {"right", l.right},
                    {"start", CodePointOffset(l.turn.text, l.match.begin)},
                    {"end", CodePointOffset(l.turn.text, l.match.end)}});
  }
  return {{"hits", std::move(hits)}, {"limit", request.limit}};
}

Json Review(Context& c, const Json& body) {
  StoredDocument document = CheckVersion(c.store, body);
  const int turn = TurnNumber(body);
  const std::string code = Text(body, "code"), decision = Text(body, "decision");
  std::string before = Decision(c, document.file, turn, code);
  Decide(c, document.file, turn, code, decision, Text(body, "memo", false));
  Json undo = body;
  undo["decision"] = before;
  undo.erase("memo");
  return {{"ok", true}, {"undo", Json::array({Undo("/api/review", undo)})}};
}

Json AddCodingAction(Context& c, const Json& body) {
  StoredDocument document = CheckVersion(c.store, body);
  const int turn = TurnNumber(body);
  const std::string code = Text(body, "code"), memo = Text(body, "memo", false);
  CodingRequest request{.coder = c.coder, .file = document.file, .turn = turn, .code = code, .memo = memo};
  request.span.start = static_cast<size_t>(std::max<int64_t>(0, Number(body, "start")));
  request.span.end = static_cast<size_t>(std::max<int64_t>(0, Number(body, "end")));
  if (std::string valence = Text(body, "valence", false); !valence.empty()) request.valence = valence[0];
  ManualWork work = PlaceCoding(c.store, request);
  std::optional<ManualWork> earlier = FindMine(c, work.file, [&](const ManualWork& w) {
    return w.kind == Kind::kCode && w.file == work.file && w.turn == work.turn && w.code == work.code &&
           w.span && work.span && w.span->begin == work.span->begin && w.span->end == work.span->end;
  });
  int64_t id = c.store.AddManual(work);
  std::string text = NeedTurn(c.store, work.file, *work.turn).text;
  Json undo = earlier ? Undo("/api/coding", CodingJson(*earlier, text, document.fingerprint))
                      : Undo("/api/coding/remove", {{"id", id}});
  return {{"ok", true}, {"id", id}, {"undo", Json::array({undo})}};
}

Json RemoveCoding(Context& c, const Json& body) {
  const int64_t id = Number(body, "id");
  std::optional<ManualWork> work = FindMine(c, "", [&](const ManualWork& w) { return w.id == id && w.kind == Kind::kCode; });
  if (!work) throw ApiError(404, fmt::format("coding {} is not one of {}'s", id, c.coder));
  std::string text = NeedTurn(c.store, work->file, *work->turn).text;
  c.store.RemoveManualById(id);
  return {{"ok", true},
          {"undo", Json::array({Undo("/api/coding", CodingJson(*work, text, FindDocument(c.store, work->file).fingerprint))})}};
}

Json ChangeValence(Context& c, const Json& body) {
  StoredDocument document = CheckVersion(c.store, body);
  const std::string valence = Text(body, "valence");
  if (valence != "+" && valence != "-") throw ApiError(400, "valence must be + or -");
  if (Text(body, "origin") == "manual") {
    Json change = body;
    const int64_t id = Number(body, "id");
    std::optional<ManualWork> work = FindMine(c, "", [&](const ManualWork& w) { return w.id == id && w.kind == Kind::kCode; });
    if (!work) throw ApiError(404, fmt::format("coding {} is not one of {}'s", id, c.coder));
    std::string text = NeedTurn(c.store, work->file, *work->turn).text;
    Json again = CodingJson(*work, text, document.fingerprint);
    work->valence = valence[0];
    c.store.AddManual(*work);  // the same coding again: only its valence (and memo) change
    return {{"ok", true}, {"undo", Json::array({Undo("/api/coding", again)})}};
  }
  // A rule coding: the researcher's own coding of the same words with the other valence takes its place, and
  // the rule coding is rejected, so that every view counts it once, with the researcher's valence.
  // The spans: every stretch of the code the rules found on the turn (one review covers them all).
  const int turn = TurnNumber(body);
  const std::string code = Text(body, "code");
  auto spans = body.find("spans");
  if (spans == body.end() || !spans->is_array() || spans->empty()) throw ApiError(400, "the request has no 'spans'");
  std::string before = Decision(c, document.file, turn, code);
  Json undo = Json::array(), ids = Json::array();
  for (const Json& span : *spans) {
    Json added = AddCodingAction(c, {{"file", document.file}, {"version", document.fingerprint}, {"turn", turn},
                                     {"code", code}, {"start", Number(span, "start")}, {"end", Number(span, "end")},
                                     {"valence", valence}});
    ids.push_back(added["id"]);
    for (const Json& step : added["undo"]) undo.push_back(step);
  }
  Decide(c, document.file, turn, code, "reject");
  undo.push_back(Undo("/api/review", {{"file", document.file}, {"version", document.fingerprint}, {"turn", turn},
                                      {"code", code}, {"decision", before}}));
  return {{"ok", true}, {"ids", std::move(ids)}, {"undo", std::move(undo)}};
}

Json Memo(Context& c, const Json& body) {
  ManualWork work{.kind = Kind::kMemo, .coder = c.coder, .code = Text(body, "code", false), .memo = Text(body, "text")};
  std::string version;
  if (body.contains("file")) {
    StoredDocument document = CheckVersion(c.store, body);
    work.file = document.file;
    version = document.fingerprint;
    if (body.contains("turn")) work.turn = TurnNumber(body);
  } else if (work.code.empty()) {
    throw ApiError(400, "a memo is on a document (file), a turn (file, turn), a coding or a code");
  }
  if (!work.code.empty()) NeedCode(c.store, work.code);
  std::optional<ManualWork> earlier = FindMine(c, work.file, [&](const ManualWork& w) {
    return w.kind == Kind::kMemo && w.file == work.file && w.turn == work.turn && w.code == work.code;
  });
  if (work.memo.empty()) {
    c.store.RemoveManual(work);
  } else {
    c.store.AddManual(work);
  }
  Json undo = body;
  undo["text"] = earlier ? earlier->memo : "";
  return {{"ok", true}, {"undo", Json::array({Undo("/api/memo", undo)})}};
}

Json Seen(Context& c, const Json& body) {
  StoredDocument document = CheckVersion(c.store, body);
  auto seen = body.find("seen");
  if (seen == body.end() || !seen->is_boolean()) throw ApiError(400, "the request has no 'seen': true or false");
  ManualWork work{.kind = Kind::kSeen, .coder = c.coder, .file = document.file};
  if (body.contains("turn")) work.turn = TurnNumber(body);
  bool was = FindMine(c, work.file, [&](const ManualWork& w) {
               return w.kind == Kind::kSeen && w.file == work.file && w.turn == work.turn;
             }).has_value();
  if (seen->get<bool>()) {
    c.store.AddManual(work);
  } else {
    c.store.RemoveManual(work);
  }
  Json undo = body;
  undo["seen"] = was;
  return {{"ok", true}, {"undo", Json::array({Undo("/api/seen", undo)})}};
}

Json CodeHits(Context& c, const Json& body) {
  const std::string code = Text(body, "code");
  auto hits = body.find("hits");
  if (hits == body.end() || !hits->is_array() || hits->empty()) throw ApiError(400, "the request has no hits to code");
  Json undo = Json::array(), ids = Json::array();
  c.store.Atomically([&] {  // all or none: a stale or bad hit stops the lot
    for (const Json& hit : *hits) {
      Json request = hit;
      request["code"] = code;
      Json added = AddCodingAction(c, request);
      ids.push_back(added["id"]);
      for (const Json& u : added["undo"]) undo.push_back(u);
    }
  });
  return {{"ok", true}, {"ids", std::move(ids)}, {"undo", std::move(undo)}};
}

}  // namespace kansrijk::serve
