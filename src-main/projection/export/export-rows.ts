import type { ExportVectorRow } from '../../catalog/embedding.repository';
import { floatsOf } from '../../util/float-blob';
import { displayPath } from '../../util/fs-path';

/** One exported face: what every export format writes of it. */
export interface ExportFace {
  id: number;
  /** Crop path relative to the catalog folder, or null (a face without one gets a blank sprite tile). */
  crop: string | null;
  photo: string;
  /** The person's name, for any label but a rejection; '' when unlabeled. */
  person: string;
  /** 'confirmed' (by the user or a folder), 'auto', 'suggested' or 'unlabeled'. */
  status: 'confirmed' | 'auto' | 'suggested' | 'unlabeled';
  vector: Float32Array;
}

/** The catalog rows as exports write them: labels in words, the photo path as the user knows it. */
export function toExportFaces(rows: readonly ExportVectorRow[]): ExportFace[] {
  return rows.map((row) => {
    const labeled = row.person !== null && row.assignment !== 'rejected';
    return {
      id: row.id,
      crop: row.crop,
      photo: displayPath(row.photoPath),
      person: labeled ? (row.person as string) : '',
      status: !labeled
        ? 'unlabeled'
        : row.assignment === 'suggested'
          ? 'suggested'
          : row.by === 'auto'
            ? 'auto'
            : 'confirmed',
      vector: floatsOf(row.vector),
    };
  });
}
