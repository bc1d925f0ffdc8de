/**
 * The desktop app's main process: the only code that imports electron. It builds the same container as
 * the CLI and the headless host, with the catalog in Electron's userData folder, and serves the API
 * contract to the window over IPC.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { Container } from '../app/container';
import { productName } from '../platform/paths';
import { registerIpcBridge } from './ipc-bridge';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol';
import { createMainWindow } from './window';

app.setName(productName);
registerMediaScheme();

/**
 * better-sqlite3 compiled for Electron's ABI by `npm run rebuild:electron`, kept apart from Node's build
 * in node_modules so that `npm test` (Node) and `npm start` (Electron) both work in either order.
 */
function electronSqliteBinding(): string | undefined {
  const binding = path.join(
    app.getAppPath(),
    '.native',
    `electron-${process.versions.electron}`,
    'better_sqlite3.node',
  );
  return fs.existsSync(binding) ? binding : undefined;
}

async function start(): Promise<void> {
  await app.whenReady();
  // The app needs no camera, microphone, notifications or geolocation: refuse every permission request,
  // and answer every permission check (which some APIs make without a request) with no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  const nativeBinding = electronSqliteBinding();
  const container = new Container({
    catalogDir: app.getPath('userData'),
    shell: 'electron',
    ...(nativeBinding ? { nativeBinding } : {}),
  }).boot();
  handleMediaProtocol(container);
  // Each window gets the bridge, also one opened again on macOS' activate (without it that window's
  // page could call nothing). The bridge's channels take one handler each, so a window's bridge goes
  // when the window closes, before another can be opened.
  let disposeBridge: (() => void) | undefined;
  const openWindow = (): void => {
    const { window, isRendererUrl } = createMainWindow();
    const dispose = registerIpcBridge(container, window, isRendererUrl);
    disposeBridge = dispose;
    window.once('closed', () => {
      dispose();
      if (disposeBridge === dispose) disposeBridge = undefined;
    });
  };
  openWindow();
  // Start and warm the inference workers while the window loads: the first import then runs at full speed.
  container.indexer.warmUp();

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    disposeBridge?.();
    void container.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

start().catch((error: unknown) => {
  console.error('FaceAtlas failed to start:', error);
  app.exit(1);
});
