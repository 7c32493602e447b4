#include "serve/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>

#include <thread>

#include "base/error.h"

extern char** environ;

namespace kansrijk {

bool OpenInBrowser(const std::string& url) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) return false;
  pid_t pid = 0;
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  return posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char**>(argv), environ) == 0;
}

void Serve(ReviewApp& app, const ServeOptions& options) {
  // Ctrl-C and SIGTERM are taken by one thread that stops the server, so that every request in flight finishes
  // (and its transaction with it) before the process ends.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  // httplib's default also sets SO_REUSEPORT, which lets a second `kansrijk serve` share the port, so the kernel
  // would hand requests to either run (with different tokens). Only SO_REUSEADDR: a taken port is an error.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_payload_max_length(ReviewApp::kMaxBody + 1);  // the app answers 413 with a message; past this, httplib does
  auto handle = [&app](const httplib::Request& in, httplib::Response& out) {
    HttpRequest request{in.method, in.target, {}, in.body};
    for (const auto& [name, value] : in.headers) request.headers.emplace(name, value);
    HttpResponse response = app.Handle(request);
    out.status = response.status;
    for (const auto& [name, value] : response.headers) out.set_header(name, value);
    out.set_content(response.body, response.content_type);
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.Put(".*", handle);
  server.Delete(".*", handle);
  server.Options(".*", handle);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0) {
    throw Error({}, fmt::format("cannot listen on 127.0.0.1:{}", options.port),
                "another program uses the port: give another with --port, or leave it out for a free one");
  }
  app.set_port(port);
  std::thread stopper([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  if (options.ready) options.ready(app.Url());
  server.listen_after_bind();
  // listen ended by a signal, or by an error: wake the stopper if it still waits.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
}

}  // namespace kansrijk
