// `kansrijk serve`: the review app (serve/app.h) on 127.0.0.1, until Ctrl-C or SIGTERM.
//
// cpp-httplib (Debian libcpp-httplib-dev) serves it: packaged, one small library with a thread pool, enough
// for one researcher on loopback; civetweb and libmicrohttpd would need more glue for the same, and Boost.Beast
// far more. Nothing of it shows outside server.cc: the app itself is HTTP-library free and tested in-process.
#pragma once

#include <functional>
#include <string>

#include "serve/app.h"

namespace kansrijk {

struct ServeOptions {
  int port = 0;                    // 0: any free port
  std::function<void(const std::string& url)> ready;  // called once listening, with the address to open
};

// Binds 127.0.0.1 only and answers through `app` until SIGINT or SIGTERM. Throws Error when the port is taken.
void Serve(ReviewApp& app, const ServeOptions& options);

// Opens `url` in the desktop's browser (xdg-open) when there is a desktop ($DISPLAY or $WAYLAND_DISPLAY).
// Returns false when there is none or the browser could not be started.
bool OpenInBrowser(const std::string& url);

}  // namespace kansrijk
