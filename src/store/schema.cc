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
  };
  return migrations;
}

}  // namespace kansrijk
