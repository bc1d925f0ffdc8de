import type { JobEvents } from '../jobs/job-types';
import { TypedEventBus } from '../platform/event-bus';
import type { RunMetricsEvent } from '../training/run-views';

/** Events the backend pushes to every window, named `domain.verb` like commands. */
export interface AppEvents extends JobEvents {
  'catalog.changed': { photos: number; faces: number };
  /** Suggestions and automatic labels were recomputed (a second after the last label change). */
  'labels.derived': Record<string, never>;
  /** A training run logged metrics (throttled: a few events a second at most). */
  'run.metrics': RunMetricsEvent;
}

export type AppEventName = keyof AppEvents;

/** The backend's events, fanned out to the transports (IPC, WebSocket) and the CLI. */
export class EventBus extends TypedEventBus<AppEvents> {}
