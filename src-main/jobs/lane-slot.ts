import type { JobOwner, JobRepository, RunningJob, StoredJobOwner } from '../catalog/job.repository';
import { laneOf, type JobLane } from './job-lanes';
import { isOwnerAlive } from './job-owner';

/** How often a job waiting for another process's job asks again. */
const pollMs = 500;

/** What {@link takeLaneSlot} needs: the catalog's jobs, the queue's identity, and the job to start. */
export interface LaneSlotRequest {
  jobs: JobRepository;
  owner: JobOwner;
  id: number;
  lane: JobLane;
  signal: AbortSignal;
  /** Called once per job waited for (another process's job of the same lane). */
  onWaiting: (holder: RunningJob) => void;
}

/**
 * Takes the lane's writer slot for a job (its `running` state in the catalog), waiting while a live job
 * of the same lane of another process holds it; jobs of other lanes do not count. Returns false when the
 * job was cancelled while it waited.
 */
export async function takeLaneSlot(request: LaneSlotRequest): Promise<boolean> {
  const { signal, onWaiting } = request;
  let waitingFor: number | null = null;
  for (;;) {
    if (signal.aborted) return false;
    const holder = tryClaim(request);
    if (!holder) return true;
    if (holder !== 'busy' && holder.id !== waitingFor) {
      waitingFor = holder.id;
      onWaiting(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Claims the slot; 'busy' when another process held SQLite's write lock past the busy timeout. */
function tryClaim({ jobs, owner, id, lane }: LaneSlotRequest): RunningJob | 'busy' | null {
  try {
    const alive = (other: StoredJobOwner | null): boolean => isOwnerAlive(other, owner);
    return jobs.claimWriter(id, owner, alive, (kind) => laneOf(kind) === lane);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return 'busy';
    throw error;
  }
}
