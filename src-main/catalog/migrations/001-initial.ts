/**
 * The first catalog schema: the tables of DESIGN.md. Migrations are additive and numbered; a released
 * migration is never edited, a later one alters what it must.
 */
export const initialSchema = `
CREATE TABLE photos (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL,              -- the first path this content was imported from
  sha256      TEXT NOT NULL UNIQUE,
  bytes       INTEGER NOT NULL,
  format      TEXT NOT NULL,
  width       INTEGER NOT NULL,           -- after EXIF orientation
  height      INTEGER NOT NULL,
  taken_at    TEXT,                       -- ISO 8601 capture date from EXIF, when present
  folder_label TEXT,                      -- parent folder name with --labels-from-folders
  thumb       TEXT NOT NULL,              -- thumbnail file, relative to the catalog folder
  status      TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'replaced')),
  error       TEXT,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX photos_path ON photos(path);

-- Every path a photo's content was seen at, with what it looked like then: the fast "unchanged" test.
CREATE TABLE photo_files (
  path      TEXT PRIMARY KEY,
  photo_id  INTEGER NOT NULL REFERENCES photos(id),
  bytes     INTEGER NOT NULL,
  mtime_ms  REAL NOT NULL
);
CREATE INDEX photo_files_photo ON photo_files(photo_id);

-- Files that could not be imported, latest reason per path; cleared when the path later imports.
CREATE TABLE file_errors (
  path    TEXT PRIMARY KEY,
  error   TEXT NOT NULL,
  job_id  INTEGER,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE people (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  hidden  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE models (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  role    TEXT NOT NULL CHECK (role IN ('detector', 'landmarks', 'embedder', 'classifier')),
  origin  TEXT NOT NULL CHECK (origin IN ('bundled', 'trained', 'imported')),
  path    TEXT NOT NULL,
  metrics TEXT                              -- JSON
);

CREATE TABLE faces (
  id          INTEGER PRIMARY KEY,
  photo_id    INTEGER NOT NULL REFERENCES photos(id),
  box         TEXT NOT NULL,                -- JSON {x,y,width,height} in oriented photo pixels
  landmarks   TEXT,                         -- JSON [[x,y], ...]
  score       REAL NOT NULL,
  quality     REAL,
  whole_image INTEGER NOT NULL DEFAULT 0,   -- no detection: the whole (tight crop) image is the face
  person_id   INTEGER REFERENCES people(id),
  assignment  TEXT CHECK (assignment IN ('confirmed', 'suggested', 'rejected')),
  assigned_by TEXT CHECK (assigned_by IN ('user', 'auto'))
);
CREATE INDEX faces_photo ON faces(photo_id);
CREATE INDEX faces_person ON faces(person_id);

CREATE TABLE embeddings (
  face_id   INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  model_id  INTEGER NOT NULL REFERENCES models(id),
  vector    BLOB NOT NULL,                  -- float32, L2-normalised
  PRIMARY KEY (face_id, model_id)
);

CREATE TABLE runs (
  id        INTEGER PRIMARY KEY,
  config    TEXT NOT NULL,
  status    TEXT NOT NULL,
  started   TEXT,
  ended     TEXT,
  best_checkpoint TEXT
);

CREATE TABLE run_metrics (
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  epoch   INTEGER NOT NULL,
  step    INTEGER NOT NULL,
  split   TEXT NOT NULL,
  name    TEXT NOT NULL,
  value   REAL NOT NULL
);

CREATE TABLE constraints (
  face_a  INTEGER NOT NULL REFERENCES faces(id),
  face_b  INTEGER NOT NULL REFERENCES faces(id),
  kind    TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
  PRIMARY KEY (face_a, face_b)
);

CREATE TABLE journal (
  id      INTEGER PRIMARY KEY,
  op      TEXT NOT NULL,
  before  TEXT,
  after   TEXT,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE jobs (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL,
  state     TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  progress  TEXT NOT NULL DEFAULT '{}',     -- JSON JobProgress
  payload   TEXT NOT NULL,                  -- JSON, the job's typed input
  result    TEXT,                           -- JSON, the job's typed output
  error     TEXT,
  created   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
`;
