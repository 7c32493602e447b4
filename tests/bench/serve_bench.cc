// The review app's speed on a generated corpus of 1,000 transcripts (one of 60 KB): the overview, that
// transcript, the queue, and a review round trip (accept, then its undo), each timed over real HTTP on loopback against a
// running `kansrijk serve`, as the browser asks. Reported as p50 and p95 in milliseconds (counters), from one
// run; the set-up (generate, ingest, code) is not timed.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <spawn.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "generated_corpus.h"

extern char** environ;

namespace kansrijk {
namespace {

struct Server {
  pid_t pid = 0;
  int port = 0;
  std::string token;
  std::string large;  // the 60 KB document, as a query parameter
  ~Server() {
    if (pid) kill(pid, SIGTERM), waitpid(pid, nullptr, 0);
  }
};

int Run(const std::string& command) { return std::system(command.c_str()); }

Server& Started() {
  static Server server = [] {
    Server s;
    std::filesystem::path work = std::filesystem::temp_directory_path() / "kansrijk-serve-bench";
    std::filesystem::remove_all(work);
    size_t bytes = bench::WriteGeneratedCorpus(work / "corpus", {});
    std::string db = (work / "k.db").string(), cli = KANSRIJK_CLI, source = KANSRIJK_SOURCE_DIR;
    std::fprintf(stderr, "serve_bench: %zu transcripts, %.1f MB; ingesting and coding (not timed)...\n",
                 size_t{1000}, bytes / 1e6);
    if (Run(cli + " ingest " + (work / "corpus").string() + " --quiet --db " + db) != 0 ||
        Run(cli + " code --quiet --db " + db + " --codebook " + source + "/codebook/kansrijke-start.yaml") != 0) {
      std::fprintf(stderr, "serve_bench: ingest or code failed\n");
      std::exit(1);
    }
    int out[2];
    if (pipe(out) != 0) std::exit(1);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::vector<std::string> args = {cli, "serve", "--db", db, "--coder", "bench", "--no-open"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&s.pid, cli.c_str(), &actions, nullptr, argv.data(), environ) != 0) std::exit(1);
    close(out[1]);
    std::string url;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') url += c;
    // http://127.0.0.1:PORT/?token=TOKEN
    s.port = std::stoi(url.substr(url.rfind(':') + 1));
    s.token = url.substr(url.find("token=") + 6);
    s.large = "2019%2Finterview-0000.txt";  // percent-encoded for the query
    return s;
  }();
  return server;
}

struct Timing {
  std::vector<double> ms;
  void Report(benchmark::State& state) {
    std::sort(ms.begin(), ms.end());
    state.counters["p50_ms"] = ms[ms.size() / 2];
    state.counters["p95_ms"] = ms[ms.size() * 95 / 100];
    state.counters["max_ms"] = ms.back();
  }
};

template <typename Request>
void Time(benchmark::State& state, Request request) {
  Server& server = Started();
  httplib::Client client("127.0.0.1", server.port);
  client.set_default_headers({{"X-Kansrijk-Token", server.token},
                              {"Origin", "http://127.0.0.1:" + std::to_string(server.port)}});
  Timing timing;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    request(client, server);
    timing.ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  timing.Report(state);
}

void Check(const httplib::Result& result) {
  if (!result || result->status != 200) {
    std::fprintf(stderr, "serve_bench: %s\n", result ? result->body.c_str() : "no answer");
    std::exit(1);
  }
}

void BM_ServeOverview(benchmark::State& state) {
  Time(state, [](httplib::Client& client, Server&) { Check(client.Get("/api/overview")); });
}
BENCHMARK(BM_ServeOverview)->Iterations(100)->Unit(benchmark::kMillisecond);

void BM_ServeLargeTranscript(benchmark::State& state) {
  Time(state, [](httplib::Client& client, Server& s) {
    Check(client.Get(("/api/document?file=" + s.large).c_str()));
  });
}
BENCHMARK(BM_ServeLargeTranscript)->Iterations(100)->Unit(benchmark::kMillisecond);

// The queue tab: every rule coding of the corpus not yet reviewed, the first 50 with their context.
void BM_ServeQueue(benchmark::State& state) {
  Time(state, [](httplib::Client& client, Server&) { Check(client.Get("/api/queue")); });
}
BENCHMARK(BM_ServeQueue)->Iterations(10)->Unit(benchmark::kMillisecond);

// Accept the first open item of the large transcript, then undo it: two round trips per iteration, each timed.
void BM_ServeReviewRoundTrip(benchmark::State& state) {
  Server& server = Started();
  httplib::Client client("127.0.0.1", server.port);
  client.set_default_headers({{"X-Kansrijk-Token", server.token},
                              {"Origin", "http://127.0.0.1:" + std::to_string(server.port)}});
  auto queue = client.Get(("/api/queue?file=" + server.large).c_str());
  Check(queue);
  nlohmann::json item = nlohmann::json::parse(queue->body)["items"][0];
  nlohmann::json accept = {{"file", item["file"]}, {"version", item["version"]}, {"turn", item["turn"]},
                           {"code", item["code"]}, {"decision", "accept"}};
  nlohmann::json withdraw = accept;
  withdraw["decision"] = "none";
  Timing timing;
  for (auto _ : state) {
    for (const nlohmann::json* body : {&accept, &withdraw}) {
      auto start = std::chrono::steady_clock::now();
      Check(client.Post("/api/review", body->dump(), "application/json"));
      timing.ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  timing.Report(state);
}
BENCHMARK(BM_ServeReviewRoundTrip)->Iterations(100)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kansrijk
