import type { FaceBox } from '../catalog/face.repository';
import type { Assignment, LabelRepository, LabelSource } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { UserError } from '../util/errors';
import { displayPath } from '../util/fs-path';

/** A named person, as `faceatlas people` lists them. */
export interface PersonSummary {
  id: number;
  name: string;
  faces: number;
  hidden: boolean;
}

/** A face with its label, as `faceatlas faces` lists it (box in oriented photo pixels). */
export interface FaceLabelView {
  id: number;
  photoPath: string;
  box: [number, number, number, number];
  score: number;
  personId: number | null;
  person: string | null;
  clusterId: number | null;
  /** 'rejected': unlabeled, and rejected from at least one person. */
  assignment: Assignment | 'rejected' | null;
  by: LabelSource | null;
}

/** The read side of people and labels. */
export class PeopleViews {
  constructor(
    private readonly repositories: { people: PersonRepository; labels: LabelRepository },
    private readonly embedder: () => number,
  ) {}

  /** Named people with their confirmed face counts (unnamed clusters are not people). */
  people(): PersonSummary[] {
    return this.repositories.people.listWithCounts().map(({ id, name, faces, hidden }) => ({
      id,
      name,
      faces,
      hidden: hidden === 1,
    }));
  }

  faces(filter: { person?: string; confirmedOnly?: boolean } = {}): FaceLabelView[] {
    let personId: number | undefined;
    if (filter.person !== undefined) {
      personId = this.repositories.people.findByName(filter.person);
      if (personId === undefined) throw new UserError(`no person named "${filter.person}"`, 'not-found');
    }
    const rows = this.repositories.labels.list({
      embedder: this.embedder(),
      ...(personId === undefined ? {} : { personId }),
      ...(filter.confirmedOnly ? { confirmedOnly: true } : {}),
    });
    return rows.map((row) => {
      const box = JSON.parse(row.box) as FaceBox;
      return {
        id: row.id,
        photoPath: displayPath(row.photoPath),
        box: [box.x, box.y, box.width, box.height],
        score: row.score,
        personId: row.personId,
        person: row.person,
        clusterId: row.clusterId,
        assignment: row.assignment ?? (row.rejected ? 'rejected' : null),
        by: row.by,
      };
    });
  }
}
