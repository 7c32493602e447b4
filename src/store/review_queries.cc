// What the review app (serve/) asks the store: progress per document, the pairs a coder view counts, the open
// review items, and whether another connection wrote. Kept apart from store.cc, which holds the pipeline's reads
// and writes.
#include <fmt/format.h>

#include "store/store.h"
#include "store/store_internal.h"

namespace kansrijk {

using namespace store_internal;

std::vector<Store::Progress> Store::ReviewProgress(const std::string& coder, const std::string& file) const {
  // Per turn, through the indexes on turn ids: cheap for one document, and no temporary tables for all of them.
  sqlite::Statement& s = impl_->Prepared(R"sql(
    SELECT d.file, count(*),
      CASE WHEN EXISTS (SELECT 1 FROM manual w WHERE w.coder = ?1 AND w.kind = 'seen' AND w.file = d.file
                        AND w.turn_number IS NULL AND w.orphaned IS NULL) THEN count(*)
      ELSE sum(EXISTS (SELECT 1 FROM manual m WHERE m.turn_id = t.id AND m.coder = ?1
                       AND m.kind IN ('seen', 'code', 'accept', 'reject'))) END,
      sum((SELECT count(DISTINCT c.code) FROM codings c WHERE c.turn_id = t.id AND c.origin IN ('rule', 'model'))),
      sum((SELECT count(DISTINCT c.code) FROM codings c WHERE c.turn_id = t.id AND c.origin IN ('rule', 'model') AND EXISTS (
             SELECT 1 FROM manual m WHERE m.turn_id = t.id AND m.code = c.code AND m.coder = ?1
             AND m.kind IN ('accept', 'reject')))),
      sum((SELECT count(*) FROM manual m WHERE m.turn_id = t.id AND m.coder = ?1 AND m.kind = 'code'))
    FROM documents d JOIN turns t ON t.document_id = d.id
    WHERE ?2 = '' OR d.file = ?2
    GROUP BY d.id ORDER BY d.year, d.file)sql");
  s.Bind(1, coder).Bind(2, file);
  std::vector<Progress> out;
  while (s.Step()) {
    out.push_back({s.Text(0), static_cast<int>(s.Int(1)), static_cast<int>(s.Int(2)), static_cast<int>(s.Int(3)),
                   static_cast<int>(s.Int(4)), static_cast<int>(s.Int(5))});
  }
  return out;
}

std::vector<Store::ViewedCoding> Store::CodedTurns(const CodingView& view, const std::string& file) const {
  // The same view as Codings(): a rule coding counts unless the view's coder (anyone, for "") rejected it, a
  // suggestion only when accepted; manual codings are the coder's (everyone's, for ""), placed; "auto" is the
  // rules alone, "auto+model" the rules and the suggestions.
  const bool as_made = view.coder == "auto" || view.coder == CodingView::kWithModel;
  const std::string who = view.coder.empty() || as_made ? "" : " AND m.coder = ?1";
  auto review = [&](const char* kind) {
    return fmt::format("EXISTS (SELECT 1 FROM manual m WHERE m.turn_id = c.turn_id AND m.code = c.code AND m.kind = '{}'{})",
                       kind, who);
  };
  std::string sql =
      "WITH viewed AS (SELECT c.turn_id, c.code FROM codings c WHERE " +
      (view.coder == "auto"                  ? std::string("c.origin = 'rule'")
       : view.coder == CodingView::kWithModel ? std::string("c.origin IN ('rule', 'model')")
                                              : "(c.origin = 'rule' OR (c.origin = 'model' AND " + review("accept") +
                                                    ")) AND NOT " + review("reject")) +
      (as_made ? std::string()
               : " UNION SELECT m.turn_id, m.code FROM manual m WHERE m.kind = 'code' AND m.turn_id IS NOT "
                 "NULL" + who) +
      ") SELECT v.turn_id, v.code, d.file, d.year FROM viewed v JOIN turns t ON t.id = v.turn_id "
      "JOIN documents d ON d.id = t.document_id LEFT JOIN speakers s ON s.id = t.speaker_id "
      "WHERE coalesce(s.is_interviewer, 0) = 0 AND (?2 = '' OR d.file = ?2)";
  sqlite::Statement s(impl_->db, sql);
  if (!who.empty()) s.Bind(1, view.coder);
  s.Bind(2, file);
  std::vector<ViewedCoding> out;
  while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3))});
  return out;
}

int64_t Store::DataVersion() const {
  sqlite::Statement& s = impl_->Prepared("PRAGMA data_version");
  s.Step();
  int64_t version = s.Int(0);
  s.Reset();
  return version;
}

Store::ReviewQueue Store::OpenReviews(const std::string& coder, const TurnFilter& filter, const std::string& code,
                                      const std::string& valence, int limit, bool by_uncertainty) const {
  std::vector<Value> values;
  // A suggestion's distance from its threshold: the smaller, the more a decision teaches the model.
  const std::string open = fmt::format(
      "SELECT c.turn_id, c.code, min(c.begin) AS first, d.year AS year, d.file AS file, t.number AS number, "
      "min((SELECT abs(g.probability - g.threshold) FROM suggestions g WHERE g.coding_id = c.id)) AS distance "
      "FROM codings c JOIN turns t ON t.id = c.turn_id JOIN documents d ON d.id = t.document_id "
      "LEFT JOIN speakers s ON s.id = t.speaker_id WHERE c.origin IN ('rule', 'model'){} AND (? = '' OR c.code = ?) "
      "AND (? = '' OR c.valence = ?) AND NOT EXISTS (SELECT 1 FROM manual m WHERE m.turn_id = c.turn_id "
      "AND m.code = c.code AND m.coder = ? AND m.kind IN ('accept', 'reject')) GROUP BY c.turn_id, c.code",
      FilterSql(filter, values));
  for (const std::string& v : {code, code, valence, valence, coder}) values.emplace_back(v);
  ReviewQueue queue;
  sqlite::Statement count(impl_->db, "SELECT count(*) FROM (" + open + ")");
  BindAll(count, values);
  if (count.Step()) queue.total = static_cast<int>(count.Int(0));
  sqlite::Statement first(impl_->db, "SELECT turn_id, code FROM (" + open + ") ORDER BY " +
                                         (by_uncertainty ? "distance IS NULL, distance, " : "") +
                                         "year, file, number, first, code LIMIT ?");
  BindAll(first, values);
  first.Bind(static_cast<int>(values.size()) + 1, int64_t{limit});
  sqlite::Statement spans(impl_->db, fmt::format(
      "SELECT {}, c.code, c.valence, c.begin, c.end, c.rules, c.valence_reason, c.id, c.origin, c.coder FROM codings c "
      "JOIN turns t ON t.id = c.turn_id JOIN documents d ON d.id = t.document_id LEFT JOIN speakers s "
      "ON s.id = t.speaker_id WHERE c.turn_id = ? AND c.code = ? AND c.origin IN ('rule', 'model') "
      "AND (? = '' OR c.valence = ?) "
      "ORDER BY c.begin, c.end", kTurnColumns));
  while (first.Step()) {
    std::vector<CodingRow>& item = queue.items.emplace_back();
    spans.Reset();
    spans.Bind(1, first.Int(0)).Bind(2, first.Text(1)).Bind(3, valence).Bind(4, valence);
    while (spans.Step()) {
      CodingRow row{.id = spans.Int(17), .turn = ReadTurnRow(spans), .code = spans.Text(11), .origin = spans.Text(18),
                    .coder = spans.Text(19), .span = {static_cast<uint32_t>(spans.Int(13)), static_cast<uint32_t>(spans.Int(14))},
                    .rules = spans.Text(15), .valence_reason = spans.Text(16)};
      row.valence = spans.Text(12).empty() ? '+' : spans.Text(12)[0];
      item.push_back(std::move(row));
    }
  }
  return queue;
}

}  // namespace kansrijk
