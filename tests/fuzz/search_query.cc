// A search query as `kansrijk search` and the review app run it: Search (PrepareQuery, then FTS5 with our tokenizer)
// on a small coded store, every line rendered for the terminal.
#include <string>

#include "base/error.h"
#include "fuzz.h"
#include "search/search.h"

using namespace kansrijk;

KANSRIJK_FUZZ_TARGET(search_query) {
  try {
    for (const KwicLine& line : Search(fuzz::SharedStore(), {.query = std::string(input), .limit = 20})) {
      if (line.match.begin > line.match.end || line.match.end > line.turn.text.size()) {
        throw std::logic_error("match outside its turn");
      }
      fuzz::CheckUtf8(KwicText(line), "keyword in context");
    }
  } catch (const Error&) {
  }
}
