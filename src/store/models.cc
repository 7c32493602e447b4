// The models of `kansrijk learn` (learn/model.h), one per code, the codebook hash they are trained beside, and the
// codebook the stored codings were made with.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <sstream>

#include "base/error.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace kansrijk {

std::string Store::CodebookHash() const {
  // The same choice of codebook as CodebookText: the one with the latest codings.
  sqlite::Statement& read = impl_->Prepared(
      "SELECT content_hash FROM codebooks b "
      "ORDER BY (SELECT max(id) FROM codings c WHERE c.codebook_id = b.id) DESC NULLS LAST, id LIMIT 1");
  std::string hash = read.Step() ? read.Text(0) : "";
  read.Reset();
  return hash;
}

void Store::PutModels(const std::vector<StoredModel>& models) {
  sqlite::Transaction transaction(impl_->db);
  for (const StoredModel& m : models) {
    impl_->Prepared(
             "INSERT OR REPLACE INTO models(code, model, coders, positives, negatives, codebook_hash) "
             "VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(1, m.code)
        .Bind(2, m.model)
        .Bind(3, fmt::format("{}", fmt::join(m.coders, ",")))
        .Bind(4, int64_t{m.positives})
        .Bind(5, int64_t{m.negatives})
        .Bind(6, m.codebook_hash)
        .Run();
  }
  transaction.Commit();
}

std::vector<StoredModel> Store::Models() const {
  sqlite::Statement& read = impl_->Prepared(
      "SELECT code, model, coders, positives, negatives, codebook_hash, trained FROM models ORDER BY code");
  std::vector<StoredModel> out;
  while (read.Step()) {
    StoredModel m{.code = read.Text(0), .model = read.Text(1)};
    std::istringstream coders(read.Text(2));
    for (std::string coder; std::getline(coders, coder, ',');) m.coders.push_back(coder);
    m.positives = static_cast<int>(read.Int(3));
    m.negatives = static_cast<int>(read.Int(4));
    m.codebook_hash = read.Text(5);
    m.trained = read.Text(6);
    out.push_back(std::move(m));
  }
  read.Reset();
  return out;
}

void Store::ReplaceSuggestions(const std::string& codebook_id, const std::vector<StoredSuggestion>& suggestions) {
  sqlite::Transaction transaction(impl_->db);
  // Rows of origin 2 ('model'; `codings` is a view over coding_rows, schema 9), and their suggestions rows (ON
  // DELETE CASCADE). The codebook's hash is read from `codebooks` by its id.
  impl_->Prepared("DELETE FROM coding_rows WHERE origin = 2").Run();
  std::unordered_map<std::string, int64_t> seen;
  auto label = [&](const std::string& text) { return impl_->LabelId(text, seen); };
  sqlite::Statement& coding = impl_->Prepared(
      "INSERT INTO coding_rows(turn_id, code, negative, origin, coder, begin, end, rules, valence_reason, codebook) "
      "VALUES (?, ?, ?, 2, 'model', ?, ?, ?, ?, ?)");
  sqlite::Statement& detail =
      impl_->Prepared("INSERT INTO suggestions(coding_id, probability, threshold, features) VALUES (?, ?, ?, ?)");
  for (const StoredSuggestion& s : suggestions) {
    coding.Bind(1, s.turn_id).Bind(2, label(s.code)).Bind(3, int64_t{s.valence == '-'}).Bind(4, int64_t{s.span.begin});
    coding.Bind(5, int64_t{s.span.end}).Bind(6, label("model")).Bind(7, label(s.valence_reason)).Bind(8, label(codebook_id));
    coding.Run();
    std::string features;
    for (const auto& [feature, weight] : s.features) features += fmt::format("{}\t{:.17g}\n", feature, weight);
    detail.Bind(1, sqlite3_last_insert_rowid(impl_->db)).BindDouble(2, s.probability).BindDouble(3, s.threshold);
    detail.Bind(4, features).Run();
  }
  transaction.Commit();
}

std::vector<StoredSuggestion> Store::Suggestions(int64_t turn_id) const {
  sqlite::Statement& read = impl_->Prepared(
      "SELECT c.id, c.turn_id, c.code, c.begin, c.end, c.valence, c.valence_reason, s.probability, s.threshold, "
      "s.features FROM codings c JOIN suggestions s ON s.coding_id = c.id WHERE ?1 = 0 OR c.turn_id = ?1 "
      "ORDER BY c.turn_id, c.code");
  read.Bind(1, turn_id);
  std::vector<StoredSuggestion> out;
  while (read.Step()) {
    StoredSuggestion s{.turn_id = read.Int(1), .code = read.Text(2),
                       .span = {static_cast<uint32_t>(read.Int(3)), static_cast<uint32_t>(read.Int(4))},
                       .valence = read.Text(5).empty() ? '+' : read.Text(5)[0], .valence_reason = read.Text(6),
                       .probability = read.Double(7), .threshold = read.Double(8), .coding_id = read.Int(0)};
    std::istringstream features(read.Text(9));
    for (std::string line; std::getline(features, line);) {
      size_t tab = line.rfind('\t');
      if (tab != std::string::npos) s.features.emplace_back(line.substr(0, tab), std::strtod(line.c_str() + tab + 1, nullptr));
    }
    out.push_back(std::move(s));
  }
  read.Reset();
  return out;
}

Codebook LoadCodebookFor(const Store& store, const std::string& file) {
  if (!file.empty()) return LoadCodebook(file);
  if (std::optional<Store::CodebookSource> source = store.CodebookText()) return ParseCodebook(source->yaml, source->file);
  throw Error({}, "the database holds no codebook yet", "run `kansrijk code` first, or give the codebook with --codebook FILE");
}

}  // namespace kansrijk
