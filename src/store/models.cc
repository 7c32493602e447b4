// The models of `kansrijk learn` (learn/model.h), one per code, and the codebook hash they are trained beside.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

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

}  // namespace kansrijk
