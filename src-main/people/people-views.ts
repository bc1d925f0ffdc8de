import type { ClusterRepository } from '../catalog/cluster.repository';
import type { FaceBox } from '../catalog/face.repository';
import type { Assignment, LabelRepository, LabelSource } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { UserError } from '../util/errors';
import { displayPath } from '../util/fs-path';
import type { ClusterSettings } from './cluster.service';
import { clusterCards, type ClusterCard } from './cluster-cards';
import { personCentres } from './face-vectors';
import { closestPairs } from './lookalikes';
import { facesByDistance, type PersonFace } from './person-faces';
import { buildReviewQueue, type ReviewQueue } from './review-queue';

export type { ClusterCard } from './cluster-cards';
export type { PersonFace } from './person-faces';
export type { ReviewCandidate, ReviewItem, ReviewQueue, ReviewReason } from './review-queue';

/** A named person, as `faceatlas people` lists them. */
export interface PersonSummary {
  id: number;
  name: string;
  faces: number;
  hidden: boolean;
  /** The face that stands for them: the one the user chose, else their best-quality face. */
  cover: number | null;
}

/** A person's page: every face of theirs, outliers first. */
export interface PersonPage {
  person: PersonSummary;
  faces: PersonFace[];
}

/** Two people whose centres are close, side by side. */
export interface LookalikeView {
  a: PersonSummary;
  b: PersonSummary;
  distance: number;
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
    private readonly repositories: {
      people: PersonRepository;
      labels: LabelRepository;
      clusters: ClusterRepository;
    },
    private readonly embedder: () => number,
    private readonly settings: () => ClusterSettings,
  ) {}

  /** Named people with their confirmed face counts (unnamed clusters are not people). */
  people(): PersonSummary[] {
    return this.repositories.people.listWithCounts().map(({ id, name, faces, hidden, cover }) => ({
      id,
      name,
      faces,
      hidden: hidden === 1,
      cover,
    }));
  }

  /** A person and all their faces, farthest from their centre first. */
  person(id: number): PersonPage {
    const person = this.people().find((p) => p.id === id);
    if (!person) throw new UserError(`no person with id ${id}`, 'not-found');
    const rows = this.repositories.clusters.personVectors(this.embedder(), id);
    return { person, faces: facesByDistance(rows, personCentres(rows).get(id)) };
  }

  /** The pairs of (shown) people whose centres are closest: siblings to tell apart, or one person twice. */
  lookalikes(limit: number): LookalikeView[] {
    const shown = new Map(
      this.people()
        .filter((p) => !p.hidden)
        .map((p) => [p.id, p]),
    );
    const rows = this.repositories.clusters.vectors(this.embedder());
    const centres = personCentres(rows.filter((r) => r.personId !== null && shown.has(r.personId)));
    return closestPairs(centres, limit).map(({ a, b, distance }) => ({
      a: shown.get(a) as PersonSummary,
      b: shown.get(b) as PersonSummary,
      distance,
    }));
  }

  /** Unnamed clusters with their open faces, largest first. */
  clusters(offset: number, limit: number): { total: number; items: ClusterCard[] } {
    const cards = clusterCards(
      this.repositories.clusters.openMembers(this.embedder()),
      (id) => this.nameOf(id),
      Math.max(2, this.settings().cluster.minSize ?? 2),
    );
    return { total: cards.length, items: cards.slice(offset, offset + limit) };
  }

  /** The faces most worth a look, with their candidate people (see review-queue.ts). */
  review(limit: number): ReviewQueue {
    const { clusters } = this.repositories;
    return buildReviewQueue(
      clusters.vectors(this.embedder()),
      clusters.rejections(),
      (id) => this.nameOf(id),
      this.settings().suggestions,
      limit,
    );
  }

  private nameOf(personId: number): string {
    return this.repositories.people.get(personId)?.name ?? `#${personId}`;
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
