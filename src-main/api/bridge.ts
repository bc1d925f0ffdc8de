/**
 * The IPC bridge's shape and channel names. Kept free of runtime imports: the sandboxed preload bundles
 * this file and can require nothing but electron.
 */
import type { ApiErrorBody } from './contract';

/**
 * What the Electron preload exposes as `window.faceatlas`: the typed client and nothing else (no raw
 * ipcRenderer). The headless host offers the same through HTTP and WebSocket.
 */
export interface BridgeApi {
  /** Errors come back as values: Electron would strip an Error's code crossing IPC. */
  invoke(command: string, input: unknown): Promise<BridgeResult>;
  /** Every backend event; returns the unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** The native folder picker; null when the user cancels. */
  pickFolders(): Promise<string[] | null>;
}

export type BridgeResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/** IPC channel names, shared by the preload and the main-process bridge. */
export const ipcChannels = {
  invoke: 'faceatlas:invoke',
  event: 'faceatlas:event',
  pickFolders: 'faceatlas:pick-folders',
} as const;

/** The custom protocol the desktop app serves catalog media on (`faceatlas-media://thumb/12`). */
export const mediaProtocol = 'faceatlas-media';
