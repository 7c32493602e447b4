// The compound splits kept between runs (table word_parts, schema 10): ingest keeps what its index tokens split,
// and `code` and later ingests recall it, so each distinct word is split once per database (docs/performance.md).
#include <algorithm>
#include <string>
#include <vector>

#include "normalize/morphology.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace kansrijk {

void Store::RecallWordParts(const Morphology* morphology) const {
  const Morphology& m = morphology ? *morphology : impl_->morphology;
  sqlite::Statement& key = impl_->Prepared("SELECT value FROM meta WHERE key = 'word_parts'");
  const bool same = key.Step() && key.Text(0) == m.SplitsKey();
  key.Reset();
  if (!same) return;
  sqlite::Statement& read = impl_->Prepared("SELECT word, parts FROM word_parts");
  while (read.Step()) {
    std::vector<std::string> parts;
    const std::string joined = read.Text(1);
    for (size_t at = 0; at < joined.size();) {
      size_t space = std::min(joined.find(' ', at), joined.size());
      parts.push_back(joined.substr(at, space - at));
      at = space + 1;
    }
    m.RememberCompoundParts(read.Text(0), std::move(parts));
  }
  read.Reset();
}

void Store::KeepWordParts() {
  sqlite::Transaction transaction(impl_->db);
  impl_->KeepWordParts();
  transaction.Commit();
}

void Store::Impl::KeepWordParts() {
  // Taken before the known ones are read: a split made in between is in both, and kept once.
  std::vector<std::pair<std::string, std::vector<std::string>>> splits = morphology.TakeNewCompoundParts();
  const std::string& key = morphology.SplitsKey();
  sqlite::Statement& kept = Prepared("SELECT value FROM meta WHERE key = 'word_parts'");
  const bool same = kept.Step() && kept.Text(0) == key;
  kept.Reset();
  if (!same) {  // the kept splits are another dictionary's: all of ours replace them
    Prepared("DELETE FROM word_parts").Run();
    Prepared("INSERT OR REPLACE INTO meta(key, value) VALUES ('word_parts', ?)").Bind(1, key).Run();
    splits = morphology.KnownCompoundParts();
  }
  // Words are normalised tokens (normalize.h): no spaces, so the parts are joined by one.
  sqlite::Statement& insert = Prepared("INSERT OR IGNORE INTO word_parts(word, parts) VALUES (?, ?)");
  std::string joined;
  for (const auto& [word, parts] : splits) {
    if (word.find(' ') != std::string::npos) continue;  // never a token; its parts could not be joined back
    joined.clear();
    for (const std::string& part : parts) joined.append(joined.empty() ? "" : " ").append(part);
    insert.Bind(1, word).Bind(2, joined).Run();
  }
}

}  // namespace kansrijk
