// `kansrijk serve`: the review app in the browser (docs/review.md).
#include <iostream>

#include "cli/common.h"
#include "serve/server.h"

namespace kansrijk::cli {

void DefineServe(CLI::App& app) {
  auto* command = app.add_subcommand("serve", "review and correct the coding in your browser (a local web app)");
  struct Args {
    std::string db, coder, lang = "nl";
    int port = 0;
    bool no_open = false;
  };
  auto args = std::make_shared<Args>();
  AddDb(command, args->db);
  AddCoder(command, args->coder);
  command->add_option("--port", args->port, "port on 127.0.0.1 (default: a free one)");
  command->add_flag("--no-open", args->no_open, "do not open the browser");
  command->add_option("--lang", args->lang, "nl or en")->check(CLI::IsMember({"nl", "en"}))->capture_default_str();
  command->callback([args] {
    ReviewApp review({.db = args->db, .coder = args->coder, .port = args->port, .lang = args->lang});
    Serve(review, {.port = args->port, .ready = [&](const std::string& url) {
                     std::cout << url << std::endl;  // the first line: scripts and tests read it
                     std::cerr << "kansrijk serve: reviewing as " << args->coder << " in " << args->db
                               << "; stop with Ctrl-C\n";
                     if (!args->no_open && !OpenInBrowser(url)) {
                       std::cerr << "note: no browser could be started; open the address above yourself\n";
                     }
                   }});
    std::cerr << "kansrijk serve: stopped; everything was saved as you worked\n";
  });
}

}  // namespace kansrijk::cli
