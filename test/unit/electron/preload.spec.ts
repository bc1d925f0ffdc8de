import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), off: vi.fn() };

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

describe('the preload bridge', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../../src-main/electron/preload');
  });

  it('exposes only the typed client, not ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['faceatlas']);
    const api = exposed.get('faceatlas') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent', 'pickFolders']);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
  });

  it('sends commands on the one invoke channel and unsubscribes listeners', async () => {
    const api = exposed.get('faceatlas') as {
      invoke(command: string, input: unknown): Promise<unknown>;
      onEvent(listener: (name: string, payload: unknown) => void): () => void;
    };
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: 1 });
    await expect(api.invoke('catalog.stats', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('faceatlas:invoke', 'catalog.stats', {});

    const listener = vi.fn();
    const unsubscribe = api.onEvent(listener);
    const forward = ipcRenderer.on.mock.calls[0]?.[1] as (
      event: unknown,
      name: string,
      payload: unknown,
    ) => void;
    forward({ sender: 'hidden' }, 'catalog.changed', { photos: 1 });
    expect(listener).toHaveBeenCalledWith('catalog.changed', { photos: 1 });
    unsubscribe();
    expect(ipcRenderer.off).toHaveBeenCalledWith('faceatlas:event', forward);
  });
});
