/**
 * A person's cover face, when the user chose one (otherwise the views pick the best-quality confirmed face).
 * Not a label: it is not journaled, and a cover face that is deleted simply falls back to the best one.
 */
export const personCoversSchema = `
ALTER TABLE people ADD COLUMN cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL;
`;
