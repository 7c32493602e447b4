// The CLI's commands: CLI11 options in, library calls out. Nothing here decides anything the library
// could; it parses flags, opens the store, calls one function and prints.
#pragma once

#include <CLI/CLI.hpp>

namespace kansrijk::cli {

// Adds every subcommand to `app`; each sets its callback, which stores its exit status in `status`.
void Define(CLI::App& app, int& status);

}  // namespace kansrijk::cli
