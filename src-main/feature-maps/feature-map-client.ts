import { WorkerRpc } from '../platform/worker-rpc.js';
import { workerUrl } from '../platform/worker-url.js';
import { UserError } from '../util/errors.js';
import { configureNativeEnvironment } from '../vision/native-env.js';
import type { FeatureMapMethods, FeatureMapReady } from './feature-map-messages.js';

type Method = keyof FeatureMapMethods;

/** How long the worker (and the networks it loaded) stays after its last request. */
export const featureWorkerIdleMs = 5 * 60_000;

/**
 * The feature-map worker, started on the first request and given back after {@link featureWorkerIdleMs}
 * without one: a ResNet-34 and its context-sized twin hold ~50 MB and a tfjs engine, for a view that is
 * opened now and then. A worker-side UserError (unknown layer, graph model) stays a UserError here.
 */
export class FeatureMapClient {
  private rpc: Promise<WorkerRpc<FeatureMapMethods, FeatureMapReady>> | null = null;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private running = 0;

  constructor(private readonly idleMs = featureWorkerIdleMs) {}

  async call<K extends Method>(
    method: K,
    request: FeatureMapMethods[K]['request'],
    transfer: ArrayBuffer[] = [],
  ): Promise<FeatureMapMethods[K]['response']> {
    this.running++;
    if (this.idle) clearTimeout(this.idle);
    try {
      const rpc = await this.start();
      return await rpc.call(method, request, { transfer });
    } finally {
      this.running--;
      if (this.running === 0) this.scheduleIdle();
    }
  }

  async dispose(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const rpc = this.rpc;
    this.rpc = null;
    if (rpc) await (await rpc.catch(() => null))?.dispose();
  }

  private start(): Promise<WorkerRpc<FeatureMapMethods, FeatureMapReady>> {
    if (!this.rpc) {
      configureNativeEnvironment();
      this.rpc = WorkerRpc.start<FeatureMapMethods, FeatureMapReady>({
        url: workerUrl(import.meta.url, './feature-map.worker.ts', 'feature-map-worker'),
        makeError: (message, name) =>
          name === 'UserError' ? new UserError(message) : new Error(`FeatureMaps - ${message}`),
      });
      // A worker that failed to start is started again on the next request.
      this.rpc.catch(() => (this.rpc = null));
    }
    return this.rpc;
  }

  private scheduleIdle(): void {
    this.idle = setTimeout(() => {
      this.idle = null;
      if (this.running === 0) this.dispose().catch(() => undefined);
    }, this.idleMs);
    // An idle timer never keeps a CLI process alive.
    this.idle.unref();
  }
}
