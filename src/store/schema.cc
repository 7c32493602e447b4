#include "store/schema.h"

namespace kansrijk {

const std::vector<const char*>& SchemaMigrations() {
  static const std::vector<const char*> migrations = {
      // 1: documents, speakers, turns, sentences, annotations and the turn index.
      R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  corpus TEXT NOT NULL,
  started TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,  -- audit trail only; no report reads it
  added INTEGER NOT NULL, updated INTEGER NOT NULL, unchanged INTEGER NOT NULL,
  removed INTEGER NOT NULL, failed INTEGER NOT NULL
);

CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL UNIQUE,               -- relative to the corpus root, '/'-separated
  year INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('interview', 'focusgroep')),
  format TEXT NOT NULL,                    -- txt, md, docx, vtt, srt
  encoding TEXT NOT NULL,
  encoding_confidence INTEGER NOT NULL,    -- 0-100, ICU's charset detector; 100 when certain
  content_hash TEXT NOT NULL,              -- XXH3-128 of the file's bytes
  fingerprint TEXT NOT NULL,               -- bytes + metadata + parser version
  bytes INTEGER NOT NULL
);

CREATE TABLE variables(
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name TEXT NOT NULL,                      -- manifest column, lower case: role, municipality, ...
  value TEXT NOT NULL,
  PRIMARY KEY (document_id, name)
) WITHOUT ROWID;

CREATE TABLE document_warnings(
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  message TEXT NOT NULL
);
CREATE INDEX document_warnings_document ON document_warnings(document_id);

CREATE TABLE speakers(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  label TEXT NOT NULL,                     -- as written: R3, Jansen, Petra
  is_interviewer INTEGER NOT NULL CHECK (is_interviewer IN (0, 1)),
  UNIQUE (document_id, label)
);

CREATE TABLE turns(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,                 -- 1, 2, ... in document order
  speaker_id INTEGER REFERENCES speakers(id) ON DELETE CASCADE,  -- NULL: text before the first label
  start_ms INTEGER,
  end_ms INTEGER,
  line INTEGER NOT NULL,                   -- line (text), paragraph (docx) or cue line where it starts
  text TEXT NOT NULL,                      -- original text, label and timestamps removed
  normalized TEXT NOT NULL,                -- see normalize.h; dropped by migration 5
  words INTEGER NOT NULL,                  -- outside annotations
  UNIQUE (document_id, number)
);

CREATE TABLE sentences(
  turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  begin INTEGER NOT NULL,                  -- byte offsets into turns.text, [begin, end)
  end INTEGER NOT NULL,
  PRIMARY KEY (turn_id, number)
) WITHOUT ROWID;

CREATE TABLE annotations(
  turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  begin INTEGER NOT NULL,                  -- byte offsets into turns.text: [lacht], (...)
  end INTEGER NOT NULL,
  PRIMARY KEY (turn_id, begin)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='id', tokenize='kansrijk_nl');
CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text);
END;
)sql",
      // 2: codebooks and codings (automatic and manual).
      R"sql(
CREATE TABLE codebooks(
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  version TEXT NOT NULL,
  file TEXT NOT NULL,
  content_hash TEXT NOT NULL               -- XXH3-128 of the YAML file the codings were made with
) WITHOUT ROWID;

CREATE TABLE codes(
  codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  position INTEGER NOT NULL,               -- order in the codebook
  category TEXT NOT NULL,
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  valence TEXT NOT NULL CHECK (valence IN ('facilitator', 'barrier', 'neutral')),
  colour TEXT NOT NULL,
  PRIMARY KEY (codebook_id, code)
) WITHOUT ROWID;

CREATE TABLE codings(
  id INTEGER PRIMARY KEY,
  turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  valence TEXT NOT NULL CHECK (valence IN ('+', '-')),
  origin TEXT NOT NULL CHECK (origin IN ('rule', 'manual')),
  coder TEXT NOT NULL,                     -- 'auto' for rule codings, a person's name for manual ones
  begin INTEGER NOT NULL,                  -- bytes of turns.text, [begin, end)
  end INTEGER NOT NULL,
  rules TEXT NOT NULL DEFAULT '',          -- ids of the rules that matched, comma-separated
  valence_reason TEXT NOT NULL DEFAULT '',
  codebook_id TEXT,                        -- provenance of rule codings
  codebook_hash TEXT,
  memo TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codings_turn ON codings(turn_id);
CREATE INDEX codings_code ON codings(code);
)sql",
      // 3: the researcher's own work, anchored by text rather than by turn id so that no re-ingest can delete it.
      R"sql(
CREATE TABLE manual(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('code', 'accept', 'reject', 'seen', 'memo')),
  coder TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  file TEXT,                               -- the document (documents.file); NULL for a memo on a code
  turn_number INTEGER,                     -- NULL: the whole document
  turn_id INTEGER REFERENCES turns(id) ON DELETE SET NULL,  -- NULL while not placed (or whole document)
  turn_text TEXT,                          -- the turn's text where it was placed: the anchor
  begin INTEGER,                           -- bytes of turn_text, [begin, end)
  end INTEGER,
  span_text TEXT,                          -- turn_text[begin, end): the second anchor
  code TEXT,                               -- code, accept, reject; memo on a code or a coding
  valence TEXT CHECK (valence IN ('+', '-')),
  memo TEXT NOT NULL DEFAULT '',
  orphaned TEXT                            -- why it could not be placed on the current text; NULL when placed
);
CREATE INDEX manual_turn ON manual(turn_id);
CREATE INDEX manual_file ON manual(file);
INSERT INTO manual(kind, coder, file, turn_number, turn_id, turn_text, begin, end, span_text, code, valence, memo)
  SELECT 'code', c.coder, d.file, t.number, t.id, t.text, c.begin, c.end, CAST(substr(CAST(t.text AS BLOB), c.begin + 1, c.end - c.begin) AS TEXT),
         c.code, c.valence, c.memo
  FROM codings c JOIN turns t ON t.id = c.turn_id JOIN documents d ON d.id = t.document_id WHERE c.origin = 'manual';
DELETE FROM codings WHERE origin = 'manual';
)sql",
      // 4: the codebook's own text beside its codings, so explain and the web app need no codebook file.
      R"sql(
ALTER TABLE codebooks ADD COLUMN yaml TEXT NOT NULL DEFAULT '';
)sql",
      // 5: no copy of the normalised text: nothing read it, the index and the coder normalise the text themselves,
      // and it doubled the database (docs/performance.md).
      R"sql(
ALTER TABLE turns DROP COLUMN normalized;
)sql",
      // 6: a hash of each document's stored turn texts, so `kansrijk check` can tell a turn changed or lost
      // behind ingest's back. Store::Open fills it for the documents stored before.
      R"sql(
ALTER TABLE documents ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';
)sql",
      // 7: the models `kansrijk learn` trained from the researchers' work, one per code, with what they learned from.
      R"sql(
CREATE TABLE models(
  code TEXT PRIMARY KEY,
  model TEXT NOT NULL,                     -- learn/model.h: features and weights, as text
  coders TEXT NOT NULL,                    -- whose work it learned from, comma-separated
  positives INTEGER NOT NULL,              -- respondent turns with the code
  negatives INTEGER NOT NULL,              -- respondent turns seen without it
  trained TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  codebook_hash TEXT NOT NULL DEFAULT ''   -- codebooks.content_hash of the rules the corpus was coded with
) WITHOUT ROWID;
)sql",
      // 8: the learned models' suggestions (learn/suggest.h) are codings of origin and coder 'model', each with its
      // probability and the features that weighed most. SQLite cannot widen a CHECK in place: the table is copied.
      R"sql(
CREATE TABLE codings_8(
  id INTEGER PRIMARY KEY,
  turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  valence TEXT NOT NULL CHECK (valence IN ('+', '-')),
  origin TEXT NOT NULL CHECK (origin IN ('rule', 'manual', 'model')),
  coder TEXT NOT NULL,                     -- 'auto' for rule codings, 'model' for suggestions
  begin INTEGER NOT NULL,                  -- bytes of turns.text, [begin, end)
  end INTEGER NOT NULL,
  rules TEXT NOT NULL DEFAULT '',          -- ids of the rules that matched, comma-separated
  valence_reason TEXT NOT NULL DEFAULT '',
  codebook_id TEXT,                        -- provenance of rule codings and suggestions
  codebook_hash TEXT,
  memo TEXT NOT NULL DEFAULT ''
);
INSERT INTO codings_8 SELECT id, turn_id, code, valence, origin, coder, begin, end, rules, valence_reason, codebook_id,
                             codebook_hash, memo FROM codings;
DROP TABLE codings;
ALTER TABLE codings_8 RENAME TO codings;
CREATE INDEX codings_turn ON codings(turn_id);
CREATE INDEX codings_code ON codings(code);
CREATE TABLE suggestions(
  coding_id INTEGER PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
  probability REAL NOT NULL,               -- the model's, for the turn and code
  threshold REAL NOT NULL,                 -- from which the model suggests (learn: cross-validated)
  features TEXT NOT NULL                   -- the features that weighed most: "feature<TAB>weight" per line
);
)sql",
      // 9: a lean codings table (docs/performance.md): each row held its code, rules, valence reason, codebook id,
      // the codebook's 32-character hash, 'rule' and 'auto' as text, about 150 bytes a row. Now the texts a coding
      // shares with others are numbers into `coding_labels`, the hash is read from `codebooks`, valence and origin
      // are small numbers, and the coder and memo are NULL for 'auto' and ''. `codings` becomes a view with the
      // old columns and values, so every query (ours and the researcher's own SQL) reads it as before.
      R"sql(
CREATE TABLE coding_labels(
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE                -- a code, a list of rule ids, a valence reason or a codebook id
);
INSERT INTO coding_labels(text)
  SELECT code FROM codings UNION SELECT rules FROM codings UNION SELECT valence_reason FROM codings
  UNION SELECT codebook_id FROM codings WHERE codebook_id IS NOT NULL;

CREATE TABLE coding_rows(
  id INTEGER PRIMARY KEY,
  turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  code INTEGER NOT NULL REFERENCES coding_labels(id),
  negative INTEGER NOT NULL CHECK (negative IN (0, 1)),   -- valence: 0 '+', 1 '-'
  origin INTEGER NOT NULL CHECK (origin IN (0, 1, 2)),    -- 0 'rule', 1 'manual' (before schema 3), 2 'model'
  begin INTEGER NOT NULL,                  -- bytes of turns.text, [begin, end)
  end INTEGER NOT NULL,
  rules INTEGER NOT NULL REFERENCES coding_labels(id),
  valence_reason INTEGER NOT NULL REFERENCES coding_labels(id),
  codebook INTEGER REFERENCES coding_labels(id),   -- codebooks.id as a label; its hash is in codebooks
  coder TEXT,                              -- NULL: 'auto'
  memo TEXT                                -- NULL: ''
);
INSERT INTO coding_rows(id, turn_id, code, negative, origin, begin, end, rules, valence_reason, codebook, coder, memo)
  SELECT c.id, c.turn_id, (SELECT id FROM coding_labels WHERE text = c.code), c.valence = '-',
         CASE c.origin WHEN 'rule' THEN 0 WHEN 'manual' THEN 1 ELSE 2 END, c.begin, c.end,
         (SELECT id FROM coding_labels WHERE text = c.rules),
         (SELECT id FROM coding_labels WHERE text = c.valence_reason),
         (SELECT id FROM coding_labels WHERE text = c.codebook_id), nullif(c.coder, 'auto'), nullif(c.memo, '')
  FROM codings c ORDER BY c.id;
CREATE INDEX coding_rows_turn ON coding_rows(turn_id);
-- A suggestion's details point at its row (a foreign key cannot point at a view); copied before `codings` goes,
-- whose dropping would otherwise delete them (ON DELETE CASCADE).
CREATE TABLE suggestions_9(
  coding_id INTEGER PRIMARY KEY REFERENCES coding_rows(id) ON DELETE CASCADE,
  probability REAL NOT NULL,               -- the model's, for the turn and code
  threshold REAL NOT NULL,                 -- from which the model suggests (learn: cross-validated)
  features TEXT NOT NULL                   -- the features that weighed most: "feature<TAB>weight" per line
);
INSERT INTO suggestions_9 SELECT coding_id, probability, threshold, features FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_9 RENAME TO suggestions;
DROP TABLE codings;

-- The hashes come from a copy of (id, content_hash) made once per query: a codebooks row holds the whole YAML in
-- overflow pages, and SQLite reads all of it for each lookup of its key (3 s over 235,000 codings).
CREATE VIEW codings(id, turn_id, code, valence, origin, coder, begin, end, rules, valence_reason, codebook_id,
                    codebook_hash, memo) AS
  WITH hashes AS MATERIALIZED (SELECT id, content_hash FROM codebooks)
  SELECT r.id, r.turn_id, code.text, CASE r.negative WHEN 1 THEN '-' ELSE '+' END,
         CASE r.origin WHEN 0 THEN 'rule' WHEN 1 THEN 'manual' ELSE 'model' END, coalesce(r.coder, 'auto'),
         r.begin, r.end, rules.text, reason.text, book.text, hashes.content_hash, coalesce(r.memo, '')
  FROM coding_rows r JOIN coding_labels code ON code.id = r.code JOIN coding_labels rules ON rules.id = r.rules
  JOIN coding_labels reason ON reason.id = r.valence_reason LEFT JOIN coding_labels book ON book.id = r.codebook
  LEFT JOIN hashes ON hashes.id = book.text;
)sql",
      // 10: compound splits kept between runs (Store::KeepWordParts): `code` and later ingests no longer split
      // each distinct word again. meta 'word_parts' names the dictionary and rules they were made with.
      R"sql(
CREATE TABLE word_parts(
  word TEXT PRIMARY KEY,                   -- a normalised word
  parts TEXT NOT NULL                      -- its compound parts, space-separated; '' when it does not split
) WITHOUT ROWID;
)sql",
      // 11: the index without its per-turn token counts (columnsize=0): only ranking (bm25) reads them, and no query
      // ranks; search orders by document and turn. An FTS5 option is fixed when the table is made, so the index is
      // made again and rebuilt from the turns (the triggers on `turns` name it and stay).
      R"sql(
DROP TABLE turns_fts;
CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='id', tokenize='kansrijk_nl',
                                          columnsize=0);
INSERT INTO turns_fts(turns_fts) VALUES ('rebuild');
DELETE FROM meta WHERE key = 'tokenizer';  -- rebuilt with this tokenizer: Store::Open need not rebuild it again
)sql",
      // 12: Store::PutDocument indexes a document's new turns itself, in one statement. Through the trigger each
      // turn's INSERT indexed its own text: FTS5 writes out what it holds at the start of every statement in a
      // transaction (its xSavepoint), so each turn became a segment of its own that later merges read and wrote
      // again. Deleting and changing a turn still go through their triggers.
      R"sql(
DROP TRIGGER IF EXISTS turns_fts_insert;
)sql",
      // 13: the index holds the words only (tokenizer kansrijk_nl/4); a query term finds the words with its stem or
      // a compound part with it through this table, which Store::PutDocument fills as words first come and
      // Store::Open fills from the turns of a database made before it. Half the index's tokens were those forms.
      R"sql(
CREATE TABLE index_forms(
  form TEXT NOT NULL,                      -- a word's Snowball stem (when not the word itself) or a part's stem
  word TEXT NOT NULL,                      -- a normalised word of the turns
  PRIMARY KEY (form, word)
) WITHOUT ROWID;
)sql",
      // 14: which documents' rule codings are current (pipeline/code.h, CodingKey): `code` codes only the documents
      // not coded under its key, and `ingest --codebook` codes each document it stores. A changed document loses its
      // row with its turns' codings; a database from before has none, so its first `code` codes everything.
      R"sql(
CREATE TABLE coded_documents(
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  codebook TEXT NOT NULL,                  -- codebooks.id (no reference: that row is written again on every coding)
  key TEXT NOT NULL,                       -- the codebook's hash, the options, program and dictionary it was coded with
  PRIMARY KEY (document_id, codebook)
) WITHOUT ROWID;
)sql",
      // 15: the index merges its segments eight at a time instead of four (FTS5's automerge). Ingest writes a segment
      // per document, and the merges at four were a third of the time it spent indexing (20 MB: 1.17 -> 0.78 s, the
      // whole ingest 8 % faster). The index then has some 14 segments instead of 10 at 20 MB; the same queries took
      // as long and found the same turns (docs/performance.md, eighth step).
      R"sql(
INSERT INTO turns_fts(turns_fts, rank) VALUES ('automerge', 8);
)sql",
  };
  return migrations;
}

}  // namespace kansrijk
