/** Face indexing: which embedder indexed each photo, per-face crops, and app settings. */
export const facesSchema = `
ALTER TABLE photos ADD COLUMN indexed_model INTEGER REFERENCES models(id); -- NULL: faces not indexed yet
ALTER TABLE photos ADD COLUMN index_error TEXT;
ALTER TABLE faces ADD COLUMN crop TEXT;                                      -- aligned crop, relative path
ALTER TABLE faces ADD COLUMN detector_model INTEGER REFERENCES models(id);
CREATE INDEX photos_indexed ON photos(indexed_model);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                                                         -- JSON
);
`;
