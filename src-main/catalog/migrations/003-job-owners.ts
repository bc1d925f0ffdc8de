/**
 * Jobs get an owner (the process running or queueing them, with a heartbeat), so that a second process on
 * the same catalog can tell a live job from one whose process died; and a `superseded` state for an
 * interrupted or failed job whose work a later run of the same job finished. SQLite cannot change a CHECK
 * constraint in place, so the table is rebuilt (nothing references jobs by foreign key).
 */
export const jobOwnersSchema = `
CREATE TABLE jobs_new (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted', 'superseded')),
  progress    TEXT NOT NULL DEFAULT '{}',     -- JSON JobProgress
  payload     TEXT NOT NULL,                  -- JSON, the job's typed input
  result      TEXT,                           -- JSON, the job's typed output (also what a failed job committed)
  error       TEXT,
  created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  owner       TEXT,                           -- random token of the owning job queue (one per process)
  owner_pid   INTEGER,
  owner_host  TEXT,
  heartbeat   INTEGER                         -- ms since the epoch, refreshed while the owner is alive
);
INSERT INTO jobs_new (id, kind, state, progress, payload, result, error, created, updated)
  SELECT id, kind, state, progress, payload, result, error, created, updated FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_active ON jobs(state) WHERE state IN ('queued', 'running');
`;
