/**
 * The preload: exposes the typed bridge as `window.faceatlas` and nothing else. No raw ipcRenderer and
 * no Node reaches the page (contextIsolation and sandbox are on). Built as CommonJS, as sandboxed
 * preloads must be.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type BridgeApi, type BridgeResult } from '../api/bridge';

const bridge: BridgeApi = {
  invoke: (command, input) => ipcRenderer.invoke(ipcChannels.invoke, command, input) as Promise<BridgeResult>,
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown): void =>
      listener(name, payload);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => ipcRenderer.off(ipcChannels.event, forward);
  },
  pickFolders: () => ipcRenderer.invoke(ipcChannels.pickFolders) as Promise<string[] | null>,
};

contextBridge.exposeInMainWorld('faceatlas', bridge);
