/**
 * Training runs as the trainer keeps them: the backend a run trained on, where it stopped (epoch, step and
 * the checkpoint written there, relative to the catalog folder), its final metrics, the model it produced,
 * and why it failed. A run is resumed from `checkpoint`, which always names a complete checkpoint.
 */
export const trainingRunsSchema = `
ALTER TABLE runs ADD COLUMN created TEXT;
ALTER TABLE runs ADD COLUMN backend TEXT;
ALTER TABLE runs ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN total_steps INTEGER;
ALTER TABLE runs ADD COLUMN checkpoint TEXT;
ALTER TABLE runs ADD COLUMN metrics TEXT;
ALTER TABLE runs ADD COLUMN dataset TEXT;
ALTER TABLE runs ADD COLUMN model_id INTEGER REFERENCES models(id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN error TEXT;
CREATE INDEX run_metrics_by_run ON run_metrics (run_id, step);
`;
