import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

/**
 * electron-vite needs explicit entries: our sources live in src-main and src-renderer, not in its default
 * src/main, src/preload, src/renderer. The preload is CommonJS (sandboxed preloads cannot be ESM); each
 * worker is an entry of its own, emitted beside the main bundle (see src-main/platform/worker-url.ts).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: 'src-main/electron/main.ts',
          'vision-worker': 'src-main/vision/vision.worker.ts',
          'search-index-worker': 'src-main/search/index/search.worker.ts',
          'trainer-worker': 'src-main/training/run/trainer.worker.ts',
          'training-replica-worker': 'src-main/training/parallel/replica.worker.ts',
          'embedder-worker': 'src-main/models/embedder-trained/embedder.worker.ts',
          'projection-worker': 'src-main/projection/projection.worker.ts',
          'feature-map-worker': 'src-main/feature-maps/feature-map.worker.ts',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: 'src-main/electron/preload.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rollupOptions: { input: 'src-renderer/index.html' },
    },
  },
});
