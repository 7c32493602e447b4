// The review app behind `kansrijk serve`: a local web page where one researcher reads transcripts with their
// codings, accepts, rejects and adds codings, writes memos and marks what was read (docs/review.md).
//
//   ReviewApp app({.db = "kansrijk.db", .coder = "marieke", .port = 8080});
//   HttpResponse r = app.Handle({.method = "GET", .target = "/api/overview",
//                                .headers = {{"Host", "127.0.0.1:8080"}, {"X-Kansrijk-Token", app.token()}}});
//
// Handle is the whole app without a network: serve/server.h puts it behind cpp-httplib on 127.0.0.1, and the
// API tests call it directly. Every request is checked before anything is read (docs/review.md, Security):
//   Host      must be 127.0.0.1:PORT or localhost:PORT (403): a page on another site that rebinds its DNS name to
//             127.0.0.1 still sends its own Host;
//   token     /api/* and the page need the per-run token (header X-Kansrijk-Token, or ?token= for the page):
//             401 without, 403 when wrong;
//   Origin    a POST needs Origin http://127.0.0.1:PORT or http://localhost:PORT (403);
//   body      at most kMaxBody bytes (413), JSON (400 when malformed).
// Every answer carries a Content-Security-Policy that allows nothing from the network and no inline script.
// Writes go through work/work.h and Store::AddManual, like the CLI's; each names the document's version (its
// fingerprint) and gets 409 when the document was re-ingested since the page read it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace kansrijk {

struct HttpRequest {
  std::string method;  // GET, POST, ...
  std::string target;  // path with the query string: /api/document?file=2021%2Fa.txt
  std::map<std::string, std::string> headers;  // names as sent; looked up without regard to case
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;  // besides Content-Type
};

struct ReviewOptions {
  std::string db = "kansrijk.db";  // must exist (ingested and coded)
  std::string coder;               // whose reviews and codings; required
  int port = 0;                    // the port the server listens on: part of the allowed Host and Origin
  std::string lang = "nl";         // nl or en: the page's language, and the report labels
  std::string token;               // empty: a random 128-bit token
};

class ReviewApp {
 public:
  static constexpr size_t kMaxBody = 1 << 20;

  // Opens the database; throws Error when it is missing or holds no codings yet.
  explicit ReviewApp(const ReviewOptions& options);
  ReviewApp(ReviewApp&&) noexcept;
  ~ReviewApp();

  // Answers one request. Never throws: a bad request is a 4xx with {"error": "..."}, a database problem a 500.
  // Safe to call from several threads (requests are answered one at a time).
  HttpResponse Handle(const HttpRequest& request);

  const std::string& token() const;
  // The address to open: http://127.0.0.1:PORT/?token=TOKEN
  std::string Url() const;
  void set_port(int port);  // once the server knows the port it got

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kansrijk
