#include "serve/app.h"

#include <fmt/format.h>

#include <mutex>
#include <random>

#include "base/error.h"
#include "base/utf8.h"
#include "serve/api.h"
#include "serve/assets.h"
#include "serve/overview.h"

namespace kansrijk {

using serve::ApiError;
using serve::Json;

namespace {

// Allows nothing from the network, no inline script or style, no framing, no form posts elsewhere.
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string RandomToken() {
  std::random_device random;  // the kernel's random source on Linux
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", random());
  return token;
}

std::string Header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (AsciiLower(key) == AsciiLower(name)) return value;
  }
  return "";
}

// Percent-decoding of a query component, written here so that the app needs no HTTP library and can be tested
// in-process; '+' is a space, as browsers encode forms and URLSearchParams.
std::string Decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

serve::Query ParseQuery(std::string_view query) {
  serve::Query out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (!pair.empty()) out[Decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : Decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

// Compares in time independent of where the strings differ.
bool SameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

HttpResponse JsonResponse(int status, const Json& body) {
  return {status, "application/json", body.dump(-1, ' ', false, Json::error_handler_t::replace), {}};
}

HttpResponse Failure(int status, const std::string& message) { return JsonResponse(status, {{"error", message}}); }

}  // namespace

struct ReviewApp::Impl {
  ReviewOptions options;
  Store store;
  std::mutex mutex;  // one request at a time: one researcher, and one SQLite connection
  std::unique_ptr<Explainer> explainer;
  serve::OverviewCache overview;

  HttpResponse Route(const HttpRequest& request);
  HttpResponse Api(const std::string& method, const std::string& path, const serve::Query& query,
                   const std::string& body);
};

ReviewApp::ReviewApp(const ReviewOptions& options)
    : impl_(new Impl{options, Store::Open(options.db, {.must_exist = true}), {}, {}, {}}) {
  if (options.coder.empty()) throw Error({}, "a coder name is needed", "give --coder NAME");
  if (options.coder == "auto") throw Error({}, "'auto' is the name of the rules", "give your own name with --coder");
  if (impl_->store.Codes().empty()) {
    throw Error({options.db}, "nothing is coded yet", "run `kansrijk code` first (`make run` does it all)");
  }
  if (impl_->options.token.empty()) impl_->options.token = RandomToken();
}
ReviewApp::ReviewApp(ReviewApp&&) noexcept = default;
ReviewApp::~ReviewApp() = default;

const std::string& ReviewApp::token() const { return impl_->options.token; }
std::string ReviewApp::Url() const {
  return fmt::format("http://127.0.0.1:{}/?token={}", impl_->options.port, impl_->options.token);
}
void ReviewApp::set_port(int port) { impl_->options.port = port; }

HttpResponse ReviewApp::Handle(const HttpRequest& request) {
  HttpResponse response;
  try {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    response = impl_->Route(request);
  } catch (const ApiError& error) {
    response = Failure(error.status, error.what());
  } catch (const Error& error) {
    // The store's and the work's checks: an unknown turn or code, a span outside the turn, a review of a
    // coding the rules did not make. Nothing was written (each write is one transaction).
    bool missing = error.message().find("no such") != std::string::npos ||
                   error.message().find("there is no") != std::string::npos;
    response = Failure(missing ? 404 : 400,
                       error.what());
  } catch (const Json::exception& error) {
    response = Failure(400, std::string("the request is not what the page sends: ") + error.what());
  } catch (const std::exception& error) {
    response = Failure(500, std::string("unexpected error: ") + error.what());
  }
  response.headers["Content-Security-Policy"] = kPolicy;
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Referrer-Policy"] = "no-referrer";  // the page's address holds the token
  response.headers["X-Frame-Options"] = "DENY";
  response.headers["Cache-Control"] = "no-store";
  return response;
}

HttpResponse ReviewApp::Impl::Route(const HttpRequest& request) {
  const std::string port = std::to_string(options.port);
  const std::string host = AsciiLower(Header(request, "Host"));
  if (host != "127.0.0.1:" + port && host != "localhost:" + port) {
    return Failure(403, "this server answers only at 127.0.0.1:" + port + " or localhost:" + port);
  }
  const size_t question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const serve::Query query = ParseQuery(question == std::string::npos ? "" : request.target.substr(question + 1));

  if (!path.starts_with("/api/")) {
    if (request.method != "GET") return Failure(405, "only GET here");
    if (path == "/" || path == "/index.html") {
      auto token = query.find("token");
      if (token == query.end()) return Failure(401, "open the address that `kansrijk serve` printed (with ?token=)");
      if (!SameToken(token->second, options.token)) return Failure(403, "this is not the token of this run");
    }
    const serve::Asset* asset = serve::FindAsset(path == "/" ? "/index.html" : path);
    if (!asset) return Failure(404, "no such page: " + path);
    return {200, std::string(asset->content_type), std::string(asset->bytes), {}};
  }
  const std::string given = Header(request, "X-Kansrijk-Token");
  if (given.empty()) return Failure(401, "the token is missing (header X-Kansrijk-Token)");
  if (!SameToken(given, options.token)) return Failure(403, "this is not the token of this run");
  if (request.method == "POST") {
    const std::string origin = AsciiLower(Header(request, "Origin"));
    if (origin != "http://127.0.0.1:" + port && origin != "http://localhost:" + port) {
      return Failure(403, "writes are taken only from this app's own page");
    }
    if (request.body.size() > kMaxBody) {
      return Failure(413, fmt::format("the request is over {} KB", kMaxBody >> 10));
    }
  } else if (request.method != "GET") {
    return Failure(405, "only GET and POST");
  }
  return Api(request.method, path, query, request.body);
}

HttpResponse ReviewApp::Impl::Api(const std::string& method, const std::string& path, const serve::Query& query,
                                  const std::string& body) {
  serve::Context context{store, options.coder, options.lang, explainer, overview};
  if (method == "GET") {
    using Reader = Json (*)(serve::Context&, const serve::Query&);
    static const std::map<std::string, Reader> readers = {
        {"/api/overview", [](serve::Context& c, const serve::Query&) { return serve::Overview(c); }},
        {"/api/document", serve::Document},
        {"/api/explain", serve::Explain},
        {"/api/queue", serve::Queue},
        {"/api/search", serve::SearchTurns}};
    auto it = readers.find(path);
    if (it == readers.end()) return Failure(404, "no such request: GET " + path);
    return JsonResponse(200, it->second(context, query));
  }
  using Writer = Json (*)(serve::Context&, const Json&);
  static const std::map<std::string, Writer> writers = {
      {"/api/review", serve::Review},          {"/api/coding", serve::AddCodingAction},
      {"/api/coding/remove", serve::RemoveCoding}, {"/api/valence", serve::ChangeValence},
      {"/api/memo", serve::Memo},              {"/api/seen", serve::Seen},
      {"/api/code-hits", serve::CodeHits}};
  auto it = writers.find(path);
  if (it == writers.end()) return Failure(404, "no such request: POST " + path);
  Json parsed = Json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return Failure(400, "the request body is not a JSON object");
  Json result;
  store.Atomically([&] { result = it->second(context, parsed); });  // all of an action, or none of it
  // The documents the action wrote to (or that its undo names): the overview refreshes their figures.
  auto touch = [&](const Json& body) {
    if (body.is_object() && body.contains("file") && body["file"].is_string()) overview.Touched(body["file"]);
  };
  touch(parsed);
  if (parsed.contains("hits") && parsed["hits"].is_array()) for (const Json& hit : parsed["hits"]) touch(hit);
  if (result.contains("undo")) for (const Json& step : result["undo"]) touch(step["body"]);
  return JsonResponse(200, result);
}

}  // namespace kansrijk
