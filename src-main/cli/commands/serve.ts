import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startHost } from '../../host/server';
import { UsageError } from '../errors';
import { openContainer, type GlobalOptions } from '../context';

interface ServeOptions extends GlobalOptions {
  port?: string;
}

const builtRenderer = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

/** `faceatlas serve [--port N]`: the headless host on 127.0.0.1, until interrupted. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1 (token-protected)')
    .option('--port <n>', 'port to listen on (default: a random free port)')
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .action(async (options: ServeOptions) => {
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`invalid port: ${options.port}`);
      const app = openContainer(options);
      const host = await startHost({ app, rendererDir: builtRenderer, port });
      process.stdout.write(`FaceAtlas at ${host.url}\n`);
      // A long-running host keeps its inference workers: start and warm them now, so the first import or
      // search runs at full speed instead of paying the workers' start.
      app.indexer.warmUp();
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await host.close();
      await app.shutdown();
    });
}
