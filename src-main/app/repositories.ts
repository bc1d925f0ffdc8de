import type { Db } from '../catalog/db';
import { ClusterRepository } from '../catalog/cluster.repository';
import { EmbeddingRepository } from '../catalog/embedding.repository';
import { FaceRepository } from '../catalog/face.repository';
import { FileErrorRepository } from '../catalog/file-error.repository';
import { JobRepository } from '../catalog/job.repository';
import { JournalRepository } from '../catalog/journal.repository';
import { LabelRepository } from '../catalog/label.repository';
import { ModelRepository } from '../catalog/model.repository';
import { PersonRepository } from '../catalog/person.repository';
import { PhotoRepository } from '../catalog/photo.repository';
import { RunRepository } from '../catalog/run.repository';
import { SearchRepository } from '../catalog/search.repository';
import { TrainingSetRepository } from '../catalog/training-set.repository';

/** Every repository over one catalog database (all SQL lives in them). */
export function createRepositories(db: Db) {
  return {
    photos: new PhotoRepository(db),
    fileErrors: new FileErrorRepository(db),
    faces: new FaceRepository(db),
    people: new PersonRepository(db),
    labels: new LabelRepository(db),
    journal: new JournalRepository(db),
    clusters: new ClusterRepository(db),
    models: new ModelRepository(db),
    jobs: new JobRepository(db),
    search: new SearchRepository(db),
    runs: new RunRepository(db),
    trainingSet: new TrainingSetRepository(db),
    embeddings: new EmbeddingRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
