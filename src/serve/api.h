// Internal to serve/: the JSON API's handlers, called by ReviewApp::Handle once a request passed its checks.
// Each reads the store, or writes through work/work.h, and returns the JSON to send; a bad request throws
// ApiError (4xx) and a missing document, turn or code the store's Error (404/400 by ReviewApp).
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "store/store.h"
#include "work/explain.h"

namespace kansrijk::serve {

using Json = nlohmann::ordered_json;
using Query = std::map<std::string, std::string>;

struct ApiError : std::runtime_error {
  ApiError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
  int status;
};

class OverviewCache;

struct Context {
  Store& store;
  std::string coder, lang;
  std::unique_ptr<Explainer>& explainer;  // loaded on the first explain
  OverviewCache& overview;
};

// The codes of the codebook: code, label (in the page's language), category, valence, colour.
Json CodesJson(Context& c);

// GET
Json Overview(Context& c);                      // documents with progress, codes, the frequency table per year
Json Document(Context& c, const Query& q);      // file: every turn with its codings, memos and seen marks
Json Explain(Context& c, const Query& q);       // file, turn: the rule matches, as `kansrijk explain`
Json Queue(Context& c, const Query& q);         // code, year, file, valence: unreviewed rule codings
Json SearchTurns(Context& c, const Query& q);   // q, year: keyword-in-context hits

// POST; each answers {"ok": true, ..., "undo": [{"path": ..., "body": ...}]}: the requests that undo it.
Json Review(Context& c, const Json& body);      // file, version, turn, code, decision accept|reject|none
Json AddCodingAction(Context& c, const Json& body);     // file, version, turn, code, start, end[, valence, memo]
Json RemoveCoding(Context& c, const Json& body);        // id
Json ChangeValence(Context& c, const Json& body);       // file, version, turn, code, origin; id (manual) or spans [{start, end}] (rule); valence
Json Memo(Context& c, const Json& body);        // [file, version, turn,] [code,] text ("" removes)
Json Seen(Context& c, const Json& body);        // file, version[, turn], seen true|false
Json CodeHits(Context& c, const Json& body);    // code, hits [{file, version, turn, start, end}], all or none

}  // namespace kansrijk::serve
