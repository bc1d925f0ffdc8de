/**
 * People: labels say where they came from (`assigned_by`: user, folder or auto), a face can be dismissed
 * (a false detection, kept so that re-detection does not bring it back), rejections are per face and
 * person, clusters are per embedder model, constraints go with their faces, and the journal has a
 * position (undone entries) for undo and redo. The faces and constraints tables are rebuilt (a CHECK
 * and a foreign key action cannot be altered in place); migrate() runs this with foreign keys off and
 * checks them afterwards, as SQLite's documented procedure asks.
 */
export const peopleSchema = `
CREATE TABLE faces_new (
  id             INTEGER PRIMARY KEY,
  photo_id       INTEGER NOT NULL REFERENCES photos(id),
  box            TEXT NOT NULL,                -- JSON {x,y,width,height} in oriented photo pixels
  landmarks      TEXT,                         -- JSON [[x,y], ...]
  score          REAL NOT NULL,
  quality        REAL,
  whole_image    INTEGER NOT NULL DEFAULT 0,   -- no detection: the whole (tight crop) image is the face
  person_id      INTEGER REFERENCES people(id),
  assignment     TEXT CHECK (assignment IN ('confirmed', 'suggested')),
  assigned_by    TEXT CHECK (assigned_by IN ('user', 'folder', 'auto')),
  distance       REAL,                         -- a suggestion's (or auto label's) distance to its person
  crop           TEXT,                         -- aligned crop, relative path
  detector_model INTEGER REFERENCES models(id),
  dismissed      INTEGER NOT NULL DEFAULT 0    -- not a face (deleted by the user): hidden, never re-added
);
INSERT INTO faces_new (id, photo_id, box, landmarks, score, quality, whole_image, person_id, assignment,
    assigned_by, crop, detector_model)
  SELECT id, photo_id, box, landmarks, score, quality, whole_image, person_id,
    CASE WHEN assignment = 'rejected' THEN NULL ELSE assignment END, assigned_by, crop, detector_model
  FROM faces;
DROP TABLE faces;
ALTER TABLE faces_new RENAME TO faces;
CREATE INDEX faces_photo ON faces(photo_id);
CREATE INDEX faces_person ON faces(person_id);

-- Folder labels were recorded as the user's; they are the folder's.
UPDATE faces SET assigned_by = 'folder'
  WHERE assigned_by = 'user' AND person_id = (
    SELECT pe.id FROM photos ph JOIN people pe ON pe.name = ph.folder_label WHERE ph.id = faces.photo_id);

CREATE TABLE constraints_new (
  face_a  INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  face_b  INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  kind    TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
  PRIMARY KEY (face_a, face_b)
);
INSERT INTO constraints_new SELECT face_a, face_b, kind FROM constraints;
DROP TABLE constraints;
ALTER TABLE constraints_new RENAME TO constraints;

-- "Not this person": the face never returns to that person, whatever clustering or suggestions say.
CREATE TABLE rejections (
  face_id    INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  PRIMARY KEY (face_id, person_id)
);
CREATE INDEX rejections_person ON rejections(person_id);

-- Clusters of unlabeled faces, per embedder model (derived data: rebuilt by a full re-cluster). Every face
-- clustering has seen has a row (cluster -1: in no cluster), with its neighbourhood density, which placing
-- new faces needs (recomputing it means a kNN graph of the whole catalog).
CREATE TABLE face_clusters (
  face_id   INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
  model_id  INTEGER NOT NULL REFERENCES models(id),
  cluster   INTEGER NOT NULL,
  density   REAL,
  PRIMARY KEY (face_id, model_id)
);
CREATE INDEX face_clusters_cluster ON face_clusters(model_id, cluster);

ALTER TABLE journal ADD COLUMN undone INTEGER NOT NULL DEFAULT 0;
`;
