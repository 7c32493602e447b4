// kansrijk: code Dutch evaluation transcripts. See README.md and docs/.
#include <signal.h>
#include <sys/stat.h>

#include <iostream>

#include "base/error.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  umask(077);  // transcripts are personal data: nothing we write is readable by others
  // Over a file size limit (ulimit -f) a write then fails with EFBIG, which is reported like a full disk, instead
  // of the process being killed halfway.
  signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"kansrijk: ingest, search and code Dutch interview and focus-group transcripts"};
  app.require_subcommand(1);
  app.set_version_flag("--version", KANSRIJK_VERSION);
  int status = 0;
  kansrijk::cli::Define(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const kansrijk::Error& error) {
    std::cerr << "kansrijk: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "kansrijk: unexpected error: " << error.what() << "\n";
    return 3;
  }
  return status;
}
