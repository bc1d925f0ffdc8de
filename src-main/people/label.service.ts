import type { ClusterRepository } from '../catalog/cluster.repository';
import type { Db } from '../catalog/db';
import type { FaceRepository, NewFace } from '../catalog/face.repository';
import type { JournalRepository } from '../catalog/journal.repository';
import type { FaceLabel, LabelRepository } from '../catalog/label.repository';
import type { PersonRepository } from '../catalog/person.repository';
import { UserError } from '../util/errors';
import { clusterNaming } from './cluster-naming';
import { checkFaceBox } from './face-box';
import { LabelJournal, type HistoryResult, type LabelResult } from './label-journal';

export type { HistoryResult, LabelResult } from './label-journal';

export interface LabelRepositories {
  faces: FaceRepository;
  people: PersonRepository;
  labels: LabelRepository;
  journal: JournalRepository;
  clusters: ClusterRepository;
}

/**
 * The one place labels change: name, assign, confirm, reject, merge, rename, hide, delete people, dismiss
 * false faces, add drawn faces, and undo and redo any number of steps, also after a restart (every
 * operation is one transaction that journals the rows it changed: see label-journal.ts). Invariants every operation
 * keeps: no person holds two faces of one photo, and no face is labeled with a person that rejected it.
 */
export class LabelService {
  private readonly journal: LabelJournal;

  constructor(
    db: Db,
    private readonly repositories: LabelRepositories,
    private readonly embedder: () => number,
    /**
     * The model whose vector the vision pipeline computes for a drawn face (the bundled embedder): the
     * face's vector is stored under it; the active embedder, when another, embeds the crop afterwards.
     */
    private readonly pipelineEmbedder: number,
    /** Called after every committed label change, undo and redo. */
    onChange?: () => void,
  ) {
    this.journal = new LabelJournal(db, repositories, onChange);
  }

  /**
   * Gives faces to a person by name (created if new): labeling, reassigning and splitting faces off to a
   * new or existing person. The user's word overrides an earlier rejection of these faces by that person.
   */
  assign(faceIds: number[], name: string): LabelResult {
    const personName = requireName(name);
    const existing = this.repositories.people.findByName(personName);
    return this.journal.record(
      'assign',
      { faces: faceIds, people: existing === undefined ? [] : [existing] },
      () => {
        const personId = existing ?? this.repositories.people.findOrCreate(personName);
        const faces = this.requireFaces(faceIds);
        this.refuseConflicts(faces, personId);
        for (const face of faces) {
          this.repositories.labels.removeRejection(face.id, personId);
          this.give(face, personId);
        }
        return { personId, created: existing === undefined ? [personId] : [] };
      },
    );
  }

  /**
   * Names a cluster: its open faces become a person's (created if new), except the faces the user took out
   * (`exclude`: they leave the cluster, unlabeled) and those the person rejected or whose photo already
   * holds one of theirs (see cluster-naming.ts). `shown`: only these faces (what the user saw).
   */
  nameCluster(
    clusterId: number,
    name: string,
    options: { exclude?: readonly number[]; shown?: readonly number[] } = {},
  ): LabelResult {
    const model = this.embedder();
    const { take, leaving } = clusterNaming(this.repositories, {
      model,
      cluster: clusterId,
      personId: this.repositories.people.findByName(requireName(name)),
      exclude: options.exclude ?? [],
      ...(options.shown ? { shown: options.shown } : {}),
    });
    if (take.length === 0) throw new UserError(`cluster ${clusterId} has no face to name`, 'not-found');
    const result = this.assign(take, name);
    // Cluster membership is derived data, not a label: it is not journaled (undo leaves them out too).
    if (leaving.length > 0) this.repositories.clusters.uncluster(model, leaving);
    return result;
  }

  /** Confirms suggested faces as the person suggested. */
  confirm(faceIds: number[]): LabelResult {
    return this.journal.record('confirm', { faces: faceIds, people: [] }, () => {
      const faces = this.requireFaces(faceIds).filter((f) => f.assignment === 'suggested' && f.personId);
      for (const face of faces) {
        this.refuseConflicts([face], face.personId as number);
        this.give(face, face.personId as number);
      }
      return { personId: null, created: [] };
    });
  }

  /** "Not this person": the face leaves the person, if it was theirs, and never returns to them. */
  reject(faceIds: number[], name: string): LabelResult {
    const personId = this.requirePerson(name);
    return this.journal.record('reject', { faces: faceIds, people: [personId] }, () => {
      for (const face of this.requireFaces(faceIds)) {
        if (face.personId === personId) this.unlabel(face);
        this.repositories.labels.addRejection(face.id, personId);
      }
      return { personId, created: [] };
    });
  }

  /**
   * Merges a person into another: their faces and rejections move, and the first person is removed.
   * Refused when both have a face in one photo (they are two people). A face the target had rejected
   * becomes unlabeled rather than joining the person that rejected it.
   */
  merge(fromName: string, intoName: string): LabelResult {
    const from = this.requirePerson(fromName);
    const into = this.requirePerson(intoName);
    if (from === into) throw new UserError('cannot merge a person into themselves');
    const { labels } = this.repositories;
    const faceIds = [...labels.ofPerson(from), ...labels.ofPerson(into)].map((f) => f.id);
    return this.journal.record('merge', { faces: faceIds, people: [from, into] }, () => {
      const moving = labels.ofPerson(from);
      this.refuseConflicts(
        moving.filter((f) => f.assignment === 'confirmed'),
        into,
      );
      const rejectedByInto = new Set(labels.rejectionsOf([into]).map((r) => r.faceId));
      const rejectedByFrom = new Set(labels.rejectionsOf([from]).map((r) => r.faceId));
      for (const face of moving) {
        // Suggestions are not carried over (they are recomputed); a face the target rejected stays out.
        if (face.assignment !== 'confirmed' || rejectedByInto.has(face.id)) this.unlabel(face);
        else this.moveTo(face, into);
      }
      for (const face of labels.ofPerson(into)) if (rejectedByFrom.has(face.id)) this.unlabel(face);
      for (const faceId of rejectedByFrom) labels.addRejection(faceId, into);
      this.repositories.people.remove(from);
      return { personId: into, created: [] };
    });
  }

  rename(personId: number, name: string): LabelResult {
    const newName = requireName(name);
    this.requirePersonId(personId);
    const holder = this.repositories.people.findByName(newName);
    if (holder !== undefined && holder !== personId) {
      throw new UserError(`"${newName}" is another person: merge them instead`, 'conflict');
    }
    return this.journal.record('rename', { faces: [], people: [personId] }, () => {
      this.repositories.people.rename(personId, newName);
      return { personId, created: [] };
    });
  }

  hide(personId: number, hidden: boolean): LabelResult {
    this.requirePersonId(personId);
    return this.journal.record(hidden ? 'hide' : 'show', { faces: [], people: [personId] }, () => {
      this.repositories.people.setHidden(personId, hidden);
      return { personId, created: [] };
    });
  }

  /** Deletes a person: their faces become unlabeled (nothing else is lost; undo brings them back). */
  deletePerson(personId: number): LabelResult {
    this.requirePersonId(personId);
    const faceIds = this.repositories.labels.ofPerson(personId).map((f) => f.id);
    return this.journal.record('delete-person', { faces: faceIds, people: [personId] }, () => {
      this.repositories.labels.unlabelPerson(personId);
      this.repositories.people.remove(personId);
      return { personId: null, created: [] };
    });
  }

  /** Marks faces as not faces (false detections): hidden everywhere, and re-detection keeps them so. */
  dismiss(faceIds: number[], dismissed = true): LabelResult {
    return this.journal.record(dismissed ? 'dismiss' : 'restore-face', { faces: faceIds, people: [] }, () => {
      for (const face of this.requireFaces(faceIds)) {
        const label = dismissed ? clearedLabel(face) : face;
        this.repositories.labels.setLabel({ ...label, dismissed: dismissed ? 1 : 0 });
      }
      return { personId: null, created: [] };
    });
  }

  /**
   * Adds a face the user drew on a photo (its landmarks, crop and embedding already computed: see
   * faces/drawn-face.ts), optionally labeled as a person. Undo deletes it again, redo brings it back.
   */
  addFace(
    photoId: number,
    size: { width: number; height: number },
    face: NewFace,
    name?: string,
  ): LabelResult {
    checkFaceBox(face.box, size);
    const personName = name === undefined ? undefined : requireName(name);
    const existing = personName === undefined ? undefined : this.repositories.people.findByName(personName);
    const target = { faces: [], people: existing === undefined ? [] : [existing], photos: [photoId] };
    return this.journal.record('add-face', target, () => {
      const id = this.repositories.faces.insertDrawn(photoId, face, this.pipelineEmbedder);
      if (personName === undefined) return { personId: null, created: [], drawn: [id] };
      const personId = existing ?? this.repositories.people.findOrCreate(personName);
      const label = this.requireFaces([id]);
      this.refuseConflicts(label, personId);
      this.give(label[0] as FaceLabel, personId);
      return { personId, created: existing === undefined ? [personId] : [], drawn: [id] };
    });
  }

  /**
   * Sets the face that stands for a person (null: back to their best-quality face). A choice of picture,
   * not a label: it is not journaled, and undo does not step through it.
   */
  setCover(personId: number, faceId: number | null): { ok: true } {
    this.requirePersonId(personId);
    const face = faceId === null ? undefined : this.repositories.labels.label(faceId);
    if (faceId !== null && (face?.personId !== personId || face.assignment !== 'confirmed')) {
      throw new UserError(`face ${faceId} is not a confirmed face of this person`);
    }
    this.repositories.people.setCover(personId, faceId);
    return { ok: true };
  }

  /** Reverts the last operation not yet undone. */
  undo(): HistoryResult {
    return this.journal.undo();
  }

  /** Replays the first undone operation. */
  redo(): HistoryResult {
    return this.journal.redo();
  }

  /** Labels a face as the user's confirmed face of a person. */
  private give(face: FaceLabel, personId: number): void {
    this.moveTo({ ...face, assignment: 'confirmed', by: 'user', distance: null, dismissed: 0 }, personId);
  }

  /** Gives a face, label as it is, to a person, dropping the person's suggestions on its photo-mates. */
  private moveTo(face: FaceLabel, personId: number): void {
    const { labels } = this.repositories;
    for (const mate of labels.ofPhotos([face.photoId])) {
      if (mate.id !== face.id && mate.personId === personId) this.unlabel(mate);
    }
    labels.setLabel({ ...face, personId });
  }

  private unlabel(face: FaceLabel): void {
    this.repositories.labels.setLabel(clearedLabel(face));
  }

  /** Refuses to give a person two faces of one photo (faces given together, or one they already hold). */
  private refuseConflicts(faces: FaceLabel[], personId: number): void {
    const photos = new Map<number, number>();
    for (const face of faces) {
      const other = photos.get(face.photoId);
      if (other !== undefined) {
        throw new UserError(
          `faces ${other} and ${face.id} are in the same photo: they are two people`,
          'conflict',
        );
      }
      photos.set(face.photoId, face.id);
    }
    const moving = new Set(faces.map((f) => f.id));
    for (const mate of this.repositories.labels.ofPhotos([...photos.keys()])) {
      // An automatic label gives way (it is dropped); a user's or a folder's stands.
      const stands = mate.assignment === 'confirmed' && mate.by !== 'auto';
      if (mate.personId === personId && stands && !moving.has(mate.id)) {
        const name = this.repositories.people.get(personId)?.name ?? String(personId);
        throw new UserError(
          `${name} already has face ${mate.id} in photo ${mate.photoId}: one person, one face per photo`,
          'conflict',
        );
      }
    }
  }

  private requireFaces(faceIds: number[]): FaceLabel[] {
    if (faceIds.length === 0) throw new UserError('no faces given');
    const faces = this.repositories.labels.labels(faceIds);
    const found = new Set(faces.map((f) => f.id));
    const missing = faceIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new UserError(`no face ${missing.join(', ')}`, 'not-found');
    return faces;
  }

  private requirePerson(name: string): number {
    const id = this.repositories.people.findByName(requireName(name));
    if (id === undefined) throw new UserError(`no person named "${name}"`, 'not-found');
    return id;
  }

  private requirePersonId(id: number): void {
    if (!this.repositories.people.get(id)) throw new UserError(`no person ${id}`, 'not-found');
  }
}

function clearedLabel(face: FaceLabel): FaceLabel {
  return { ...face, personId: null, assignment: null, by: null, distance: null };
}

function requireName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new UserError('a person needs a name');
  if (trimmed.length > 200) throw new UserError('a name is at most 200 characters');
  return trimmed;
}
