import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels, type BridgeResult } from '../api/contract';
import { toApiError } from '../api/router';
import type { Container } from '../app/container';

/**
 * Serves the API contract over IPC to the app's own window only: a call from any other frame (an
 * injected iframe, a navigated page) is refused. Events fan out to the window.
 */
export function registerIpcBridge(
  app: Container,
  window: BrowserWindow,
  rendererOrigin: (url: string) => boolean,
): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === window.webContents &&
    event.senderFrame !== null &&
    rendererOrigin(event.senderFrame.url);

  ipcMain.handle(
    ipcChannels.invoke,
    async (event, command: unknown, input: unknown): Promise<BridgeResult> => {
      if (!trusted(event)) return { ok: false, error: { code: 'invalid', message: 'untrusted sender' } };
      try {
        return { ok: true, value: await app.router.invoke(String(command), input) };
      } catch (error) {
        return { ok: false, ...toApiError(error).toBody() };
      }
    },
  );
  ipcMain.handle(ipcChannels.pickFolders, async (event) => {
    if (!trusted(event)) return null;
    const result = await dialog.showOpenDialog(window, {
      title: 'Import photo folders',
      properties: ['openDirectory', 'multiSelections'],
    });
    return result.canceled ? null : result.filePaths;
  });
  const unsubscribe = app.events.onAny((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.invoke);
    ipcMain.removeHandler(ipcChannels.pickFolders);
  };
}
