import { initialSchema } from './001-initial';
import { facesSchema } from './002-faces';
import { jobOwnersSchema } from './003-job-owners';
import { peopleSchema } from './004-people';
import { personCoversSchema } from './005-person-covers';
import { trainingRunsSchema } from './006-training-runs';

/** Every migration in order; the index + 1 is its version, stored in SQLite's user_version. */
export const migrations: readonly string[] = [
  initialSchema,
  facesSchema,
  jobOwnersSchema,
  peopleSchema,
  personCoversSchema,
  trainingRunsSchema,
];
