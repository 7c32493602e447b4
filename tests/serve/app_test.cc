// The review app's API, in-process: every endpoint, the security checks, bad input, staleness, and that every
// write is what `kansrijk export codings` and `report --coder` then see.
#include "serve/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "base/error.h"
#include "code/codebook.h"
#include "code/coder.h"
#include "pipeline/code.h"
#include "pipeline/ingest.h"
#include "report/year_report.h"
#include "test_util.h"

namespace kansrijk {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using testing::SourceDir;
using testing::TempDir;

constexpr int kPort = 8123;
const std::string kFile = "2021/interview-a.txt";

class ReviewAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("Er is geen geld meer. De subsidie is op.");
    Store store = Store::Open(db_);
    Ingest(store, {.corpus = corpus_.path()});
    Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
    Morphology morphology = Morphology::Load();
    CodeCorpus(store, book, Coder(book, morphology));
    app_ = std::make_unique<ReviewApp>(ReviewOptions{.db = db_.string(), .coder = "marieke", .port = kPort, .token = "secret"});
  }
  void Write(const std::string& second_answer) {
    corpus_.Write(kFile, "I: Hoe gaat het met de coalitie?\nR: " + second_answer +
                             "\nI: En de trekker?\nR: Onze kartrekker is vertrokken. Het personeelstekort is groot.\n");
  }
  HttpResponse Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    headers.try_emplace("Host", "127.0.0.1:" + std::to_string(kPort));
    headers.try_emplace("X-Kansrijk-Token", "secret");
    return app_->Handle({"GET", target, headers, ""});
  }
  HttpResponse Post(const std::string& target, const std::string& body, std::map<std::string, std::string> headers = {}) {
    headers.try_emplace("Host", "127.0.0.1:" + std::to_string(kPort));
    headers.try_emplace("X-Kansrijk-Token", "secret");
    headers.try_emplace("Origin", "http://127.0.0.1:" + std::to_string(kPort));
    return app_->Handle({"POST", target, headers, body});
  }
  Json Ok(const HttpResponse& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    return Json::parse(response.body);
  }
  std::string Version() { return Ok(Get("/api/document?file=2021%2Finterview-a.txt"))["version"]; }
  Json Turn(int n) {
    Json document = Ok(Get("/api/document?file=2021%2Finterview-a.txt"));
    for (const Json& t : document["turns"]) {
      if (t["n"] == n) return t;
    }
    return {};
  }
  // The overview's year table holds the numbers of `kansrijk report --coder marieke`, for every code and category.
  void ExpectTheReportsNumbers() {
    Json overview = Ok(Get("/api/overview"));
    YearReport report = BuildYearReport(Store::Open(db_), {.coder = "marieke"});
    size_t compared = 0;
    for (const Json& row : overview["frequencies"]) {
      for (size_t code = 0; code < report.codes.size(); ++code) {
        if (report.codes[code].id != row["code"]) continue;
        for (const Frequency& f : report.by_year) {
          if (f.code != code) continue;
          EXPECT_EQ(row["cells"][0]["turns"], f.coded_turns) << row.dump();
          EXPECT_EQ(row["cells"][0]["documents"], f.documents) << row.dump();
          ++compared;
        }
      }
    }
    EXPECT_EQ(compared, report.codes.size());
  }
  std::vector<CodingRow> Codings() {
    return Store::Open(db_).Codings({}, {.coder = "marieke", .with_rejected = true});
  }

  TempDir corpus_, work_;
  std::filesystem::path db_ = work_.path() / "k.db";
  std::unique_ptr<ReviewApp> app_;
};

TEST_F(ReviewAppTest, RefusesOtherHostsMissingOrWrongTokensAndForeignOrigins) {
  EXPECT_EQ(Get("/api/overview", {{"Host", "evil.example:8123"}}).status, 403);
  EXPECT_EQ(Get("/api/overview", {{"Host", "127.0.0.1:9999"}}).status, 403);
  EXPECT_EQ(Get("/api/overview", {{"Host", "localhost:8123"}}).status, 200);
  EXPECT_EQ(Get("/api/overview", {{"X-Kansrijk-Token", ""}}).status, 401);
  HttpResponse wrong = Get("/api/overview", {{"X-Kansrijk-Token", "guess"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_THAT(wrong.body, HasSubstr("not the token"));
  EXPECT_EQ(Get("/").status, 401);  // the page too needs ?token=
  EXPECT_EQ(Get("/?token=guess").status, 403);
  HttpResponse page = Get("/?token=secret");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.content_type, HasSubstr("text/html"));
  EXPECT_THAT(page.headers["Content-Security-Policy"], HasSubstr("default-src 'none'"));
  EXPECT_EQ(page.headers.count("Access-Control-Allow-Origin"), 0u);
  EXPECT_EQ(Get("/app.js").status, 200);  // no data in it
  std::string body = R"({"file": "2021/interview-a.txt", "version": "x", "seen": true})";
  EXPECT_EQ(Post("/api/seen", body, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(Post("/api/seen", body, {{"Origin", ""}}).status, 403);
  EXPECT_EQ(app_->Handle({"DELETE", "/api/seen", {{"Host", "127.0.0.1:8123"}, {"X-Kansrijk-Token", "secret"}}, ""}).status, 405);
}

TEST_F(ReviewAppTest, OverviewShowsProgressAndTheReportsFrequencies) {
  Json overview = Ok(Get("/api/overview"));
  ASSERT_EQ(overview["documents"].size(), 1u);
  Json document = overview["documents"][0];
  EXPECT_EQ(document["file"], kFile);
  EXPECT_EQ(document["key"], "INT-2021-01");
  EXPECT_EQ(document["type"], "interview");
  EXPECT_EQ(document["turns"], 4);
  EXPECT_GT(document["items"], 0);
  EXPECT_EQ(document["reviewed"], 0);
  ExpectTheReportsNumbers();
}

TEST_F(ReviewAppTest, ReviewsAddsAndUndoesThroughTheStore) {
  const std::string version = Version();
  Json turn2 = Turn(2);
  ASSERT_FALSE(turn2["codings"].empty());
  EXPECT_EQ(turn2["codings"][0]["code"], "financiering");
  // Reject the rule coding: the researcher's view drops it, as the report and export will.
  Json rejected = Ok(Post("/api/review", Json{{"file", kFile}, {"version", version}, {"turn", 2},
                                              {"code", "financiering"}, {"decision", "reject"}}.dump()));
  EXPECT_EQ(Turn(2)["codings"][0]["status"], "rejected");
  bool found = false;
  for (const CodingRow& c : Codings()) found |= c.turn.number == 2 && c.code == "financiering" && c.status == "rejected";
  EXPECT_TRUE(found);
  EXPECT_EQ(Ok(Get("/api/overview"))["documents"][0]["reviewed"], 1);
  ExpectTheReportsNumbers();
  // Its undo puts the earlier state back.
  Json undo = rejected["undo"][0];
  EXPECT_EQ(undo["path"], "/api/review");
  Ok(Post(undo["path"], undo["body"].dump()));
  EXPECT_EQ(Turn(2)["codings"][0]["status"], "");

  // Add a coding by code points of the selection (the é and the emoji-free text count one each).
  Json added = Ok(Post("/api/coding", Json{{"file", kFile}, {"version", version}, {"turn", 4}, {"code", "kartrekker"},
                                           {"start", 0}, {"end", 15}}.dump()));
  found = false;
  for (const CodingRow& c : Codings()) {
    found |= c.origin == "manual" && c.turn.number == 4 && c.turn.text.substr(c.span.begin, c.span.size()) == "Onze kartrekker";
  }
  EXPECT_TRUE(found);
  ExpectTheReportsNumbers();
  EXPECT_EQ(added["undo"][0]["path"], "/api/coding/remove");
  Ok(Post("/api/coding/remove", added["undo"][0]["body"].dump()));
  for (const CodingRow& c : Codings()) EXPECT_NE(c.origin, "manual");

  // Flip a rule coding's valence: the researcher's own coding with the other sign replaces it.
  Json rule = Turn(2)["codings"][0];
  Json flipped = Ok(Post("/api/valence", Json{{"file", kFile}, {"version", version}, {"turn", 2}, {"code", "financiering"},
                                              {"origin", "rule"}, {"id", rule["id"]},
                                              {"spans", {{{"start", rule["start"]}, {"end", rule["end"]}}}},
                                              {"valence", "+"}}.dump()));
  YearReport report = BuildYearReport(Store::Open(db_), {.coder = "marieke"});
  int positive = 0, negative = 0;
  for (const Frequency& f : report.by_year) {
    if (report.codes[f.code].id == "financiering") positive += f.positive, negative += f.negative;
  }
  EXPECT_EQ(positive, 1);
  ExpectTheReportsNumbers();
  for (const Json& step : flipped["undo"]) Ok(Post(step["path"], step["body"].dump()));
  EXPECT_EQ(Turn(2)["codings"].size(), turn2["codings"].size());
  ExpectTheReportsNumbers();
  for (const CodingRow& c : Codings()) EXPECT_TRUE(c.origin == "rule" && c.status.empty()) << c.code;
  // A change by another connection (the CLI in a terminal) is seen too.
  Store::Open(db_).AddManual({.kind = ManualWork::Kind::kReject, .coder = "marieke", .file = kFile, .turn = 4,
                              .code = "personeelstekort"});
  ExpectTheReportsNumbers();
}

TEST_F(ReviewAppTest, MemosAndSeenMarks) {
  const std::string version = Version();
  Ok(Post("/api/memo", Json{{"file", kFile}, {"version", version}, {"text", "goede sfeer"}}.dump()));
  Ok(Post("/api/memo", Json{{"file", kFile}, {"version", version}, {"turn", 4}, {"text", "wie is dit?"}}.dump()));
  Ok(Post("/api/memo", Json{{"file", kFile}, {"version", version}, {"turn", 2}, {"code", "financiering"},
                            {"text", "subsidie"}}.dump()));
  Ok(Post("/api/memo", Json{{"code", "kartrekker"}, {"text", "ook wethouders"}}.dump()));
  Json document = Ok(Get("/api/document?file=2021%2Finterview-a.txt"));
  EXPECT_EQ(document["memo"], "goede sfeer");
  EXPECT_EQ(Turn(4)["memo"], "wie is dit?");
  EXPECT_EQ(Turn(2)["coding_memos"]["financiering"], "subsidie");
  EXPECT_EQ(Store::Open(db_).ManualWorkList({.coder = "marieke"}).size(), 4u);
  Json seen = Ok(Post("/api/seen", Json{{"file", kFile}, {"version", version}, {"turn", 2}, {"seen", true}}.dump()));
  EXPECT_TRUE(Turn(2)["seen"]);
  EXPECT_FALSE(Turn(4)["seen"]);
  Ok(Post("/api/seen", seen["undo"][0]["body"].dump()));
  EXPECT_FALSE(Turn(2)["seen"]);
  Ok(Post("/api/seen", Json{{"file", kFile}, {"version", version}, {"seen", true}}.dump()));
  EXPECT_TRUE(Turn(4)["seen"]);
  EXPECT_EQ(Ok(Get("/api/overview"))["documents"][0]["seen"], 4);
}

TEST_F(ReviewAppTest, QueueSearchExplainAndCodingEveryHit) {
  Json queue = Ok(Get("/api/queue"));
  const int left = queue["left"];
  ASSERT_GT(left, 0);
  Json item = queue["items"][0];
  EXPECT_EQ(item["before"]["interviewer"], true);
  Ok(Post("/api/review", Json{{"file", item["file"]}, {"version", item["version"]}, {"turn", item["turn"]},
                              {"code", item["code"]}, {"decision", "accept"}}.dump()));
  EXPECT_EQ(Ok(Get("/api/queue"))["left"], left - 1);
  EXPECT_EQ(Ok(Get("/api/queue?code=personeelstekort"))["left"], 1);

  Json explain = Ok(Get("/api/explain?file=2021%2Finterview-a.txt&turn=2"));
  EXPECT_EQ(explain["codebook"], "mini");
  EXPECT_FALSE(explain["matches"].empty());
  EXPECT_TRUE(explain["suggestions"].is_array());  // none here: no model (tests/learn and the browser test have some)

  Json hits = Ok(Get("/api/search?q=subsidie"))["hits"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["match"], "subsidie");
  Json request = {{"code", "financiering"}, {"hits", Json::array()}};
  for (const Json& h : hits) {
    request["hits"].push_back({{"file", h["file"]}, {"version", h["version"]}, {"turn", h["turn"]},
                               {"start", h["start"]}, {"end", h["end"]}});
  }
  Json coded = Ok(Post("/api/code-hits", request.dump()));
  EXPECT_EQ(coded["ids"].size(), 1u);
  bool found = false;
  for (const CodingRow& c : Codings()) found |= c.origin == "manual" && c.turn.text.substr(c.span.begin, c.span.size()) == "subsidie";
  EXPECT_TRUE(found);
  EXPECT_EQ(Get("/api/search?q=%22unclosed").status, 400);
}

TEST_F(ReviewAppTest, BadInputIsA4xxAndWritesNothing) {
  const std::string version = Version();
  auto error = [&](const HttpResponse& r, int status, const std::string& says) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_THAT(Json::parse(r.body)["error"].get<std::string>(), HasSubstr(says));
  };
  error(Get("/api/document?file=nope.txt"), 404, "nope.txt: no such document");
  error(Get("/api/document"), 400, "no 'file'");
  error(Get("/api/explain?file=2021%2Finterview-a.txt&turn=x"), 400, "not a number");
  error(Post("/api/review", "{not json"), 400, "not a JSON object");
  error(Post("/api/review", Json{{"file", kFile}, {"version", version}, {"turn", 99}, {"code", "financiering"},
                                 {"decision", "accept"}}.dump()), 404, "no such turn");
  error(Post("/api/review", Json{{"file", kFile}, {"version", version}, {"turn", 4}, {"code", "financiering"},
                                 {"decision", "accept"}}.dump()), 400, "coded turn 4 with financiering: nothing to review");
  error(Post("/api/coding", Json{{"file", kFile}, {"version", version}, {"turn", 4}, {"code", "onzin"},
                                 {"start", 0}, {"end", 4}}.dump()), 400, "'onzin' is not a code");
  error(Post("/api/coding", Json{{"file", kFile}, {"version", version}, {"turn", 4}, {"code", "kartrekker"},
                                 {"start", 10}, {"end", 999}}.dump()), 400, "are not a stretch of turn 4");
  error(Post("/api/coding", Json{{"file", kFile}, {"version", version}, {"turn", "4"}, {"code", "kartrekker"}}.dump()),
        400, "no number 'turn'");
  error(Post("/api/memo", std::string(ReviewApp::kMaxBody + 1, ' ')), 413, "over");
  // A batch with one bad hit stores none of them.
  Json batch = {{"code", "financiering"},
                {"hits", {{{"file", kFile}, {"version", version}, {"turn", 2}, {"start", 0}, {"end", 2}},
                          {{"file", kFile}, {"version", version}, {"turn", 2}, {"start", 5}, {"end", 500}}}}};
  error(Post("/api/code-hits", batch.dump()), 400, "not a stretch");
  EXPECT_TRUE(Store::Open(db_).ManualWorkList({}).empty());
}

TEST_F(ReviewAppTest, AWriteToADocumentReadInAgainIsRefusedNotMisplaced) {
  const std::string version = Version();
  Write("Er is nu weer genoeg geld.");
  Store store = Store::Open(db_);
  Ingest(store, {.corpus = corpus_.path()});
  HttpResponse stale = Post("/api/coding", Json{{"file", kFile}, {"version", version}, {"turn", 4},
                                                {"code", "kartrekker"}, {"start", 0}, {"end", 15}}.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_THAT(stale.body, HasSubstr("read in again"));
  EXPECT_TRUE(store.ManualWorkList({}).empty());
  EXPECT_NE(Version(), version);
}

// Two tabs or two servers (two connections) writing at once while `kansrijk code` re-codes the corpus on a
// third: every action is stored exactly once, and none is lost.
TEST_F(ReviewAppTest, TwoWritersAndARecodeLoseAndDoubleNothing) {
  const std::string version = Version();
  ReviewApp second({.db = db_.string(), .coder = "marieke", .port = kPort, .token = "secret"});
  const std::string text = Turn(4)["text"];
  const int words = 10;
  auto code_words = [&](ReviewApp& app, int from) {
    for (int i = from; i < words; i += 2) {
      Json body = {{"file", kFile}, {"version", version}, {"turn", 4}, {"code", "kartrekker"}, {"start", i}, {"end", i + 3}};
      HttpResponse r = app.Handle({"POST", "/api/coding", {{"Host", "127.0.0.1:8123"}, {"X-Kansrijk-Token", "secret"},
                                   {"Origin", "http://127.0.0.1:8123"}}, body.dump()});
      EXPECT_EQ(r.status, 200) << r.body;
      // The same action from the other tab: stored once.
      r = app.Handle({"POST", "/api/coding", {{"Host", "127.0.0.1:8123"}, {"X-Kansrijk-Token", "secret"},
                      {"Origin", "http://127.0.0.1:8123"}}, body.dump()});
      EXPECT_EQ(r.status, 200) << r.body;
    }
  };
  std::thread a(code_words, std::ref(*app_), 0), b(code_words, std::ref(second), 1);
  {
    Store store = Store::Open(db_);
    Codebook book = LoadCodebook(SourceDir() / "tests/data/mini-codebook.yaml");
    Morphology morphology = Morphology::Load();
    for (int i = 0; i < 3; ++i) CodeCorpus(store, book, Coder(book, morphology), {.all = true});
  }
  a.join();
  b.join();
  std::set<std::pair<uint32_t, uint32_t>> spans;
  int manual = 0;
  for (const CodingRow& c : Codings()) {
    if (c.origin != "manual") continue;
    ++manual;
    spans.insert({c.span.begin, c.span.end});
  }
  EXPECT_EQ(manual, words);
  EXPECT_EQ(spans.size(), static_cast<size_t>(words));
}

TEST_F(ReviewAppTest, NeedsACoderAndACodedDatabase) {
  EXPECT_THAT([&] { ReviewApp({.db = db_.string(), .coder = "auto"}); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'auto' is the name of the rules")));
  EXPECT_THAT([&] { ReviewApp({.db = (work_.path() / "none.db").string(), .coder = "m"}); },
              ::testing::Throws<Error>());
}

}  // namespace
}  // namespace kansrijk
