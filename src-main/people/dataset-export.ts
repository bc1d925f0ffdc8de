import fs from 'node:fs/promises';
import path from 'node:path';
import type { FaceBox } from '../catalog/face.repository';
import type { ExportFaceRow, LabelRepository } from '../catalog/label.repository';
import { csvField, requireEmptyFolder } from '../util/export-folder';
import { displayPath } from '../util/fs-path';
import { realPathInside } from '../util/in-folder';

export interface ExportOptions {
  /** A new or empty folder. */
  out: string;
  /** People with fewer faces are left out. */
  minFaces: number;
  /** Only the user's and folders' confirmed labels (what training takes as truth). */
  confirmedOnly: boolean;
}

export interface ExportSummary {
  people: number;
  faces: number;
}

/** The CSV beside the crops: one line per face. */
export const labelsFile = 'labels.csv';

/**
 * Writes a labeled face dataset: each person's aligned face crops in a folder of their own, and labels.csv
 * (file, person, photo_path, x, y, width, height; box in oriented photo pixels), the layout training tools
 * read. Refuses a folder that already holds files, so nothing of the user's is overwritten.
 */
export async function exportDataset(
  labels: LabelRepository,
  catalogDir: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  await requireEmptyFolder(options.out);
  const byPerson = new Map<number, ExportFaceRow[]>();
  for (const row of labels.exportable(options.confirmedOnly)) {
    byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  }
  const kept = [...byPerson.values()].filter((faces) => faces.length >= Math.max(1, options.minFaces));
  const folders = folderNames(kept.map((faces) => faces[0] as ExportFaceRow));
  const media = path.join(catalogDir, 'media');
  const lines = ['file,person,photo_path,x,y,width,height'];
  let written = 0;
  for (const faces of kept) {
    const folder = folders.get((faces[0] as ExportFaceRow).personId) as string;
    await fs.mkdir(path.join(options.out, folder), { recursive: true });
    for (const face of faces) {
      const source = await realPathInside(media, path.join(catalogDir, face.crop)).catch(() => null);
      if (!source) continue; // a crop removed behind the catalog's back (or a tampered row): left out
      const file = path.posix.join(folder, `${face.id}${path.extname(face.crop)}`);
      await fs.copyFile(source, path.join(options.out, file));
      const box = JSON.parse(face.box) as FaceBox;
      lines.push(
        [file, face.person, displayPath(face.photoPath), box.x, box.y, box.width, box.height]
          .map(csvField)
          .join(','),
      );
      written++;
    }
  }
  await fs.writeFile(path.join(options.out, labelsFile), `${lines.join('\n')}\n`);
  return { people: kept.length, faces: written };
}

/** A folder name per person: their name made safe for any file system, unique even when two names clash. */
function folderNames(people: ExportFaceRow[]): Map<number, string> {
  const used = new Set<string>();
  const names = new Map<number, string>();
  for (const { personId, person } of people) {
    const printable = [...person].map((ch) => (ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
    const safe = printable.replace(/[\\/:*?"<>|]/g, '_').replace(/^[. ]+|[. ]+$/g, '') || 'person';
    const name = used.has(safe.toLowerCase()) ? `${safe}-${personId}` : safe;
    used.add(name.toLowerCase());
    names.set(personId, name);
  }
  return names;
}
