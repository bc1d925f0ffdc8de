import { Option, type Command } from 'commander';
import { faceSettingsUpdateSchema } from '../../settings/face-settings';
import { openContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';

interface SettingsOptions extends GlobalOptions {
  detector?: 'ssd' | 'tiny';
  minConfidence?: string;
  flip?: boolean;
  distance?: 'euclidean' | 'cosine';
  clusterThreshold?: string;
  clusterMinSize?: string;
}

/** `faceatlas settings [--detector ..] [--min-confidence N] [--flip|--no-flip] [--distance ..]`: show or change. */
export function registerSettings(program: Command): void {
  program
    .command('settings')
    .description(
      "show the catalog's face settings, or change some of them (applies to photos indexed afterwards)",
    )
    .addOption(new Option('--detector <kind>', 'face detector').choices(['ssd', 'tiny']))
    .option('--min-confidence <score>', 'detector score threshold, 0.05..0.99')
    .option('--flip', 'fuse each face with its mirror image (slower; within noise on LFW DevTrain)')
    .option('--no-flip', 'embed each face alone (the default)')
    .addOption(new Option('--distance <kind>', 'face distance').choices(['euclidean', 'cosine']))
    .option('--cluster-threshold <distance>', 'clustering distance threshold (unit vectors), 0.1..1.4')
    .option('--cluster-min-size <n>', 'smallest cluster worth naming')
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (options: SettingsOptions) => {
      const change = faceSettingsUpdateSchema.safeParse({
        ...(options.detector ? { detector: options.detector } : {}),
        ...(options.minConfidence === undefined ? {} : { minConfidence: Number(options.minConfidence) }),
        ...(options.flip === undefined ? {} : { flipFusion: options.flip }),
        ...(options.distance ? { distance: options.distance } : {}),
        ...(options.clusterThreshold === undefined
          ? {}
          : { clusterThreshold: Number(options.clusterThreshold) }),
        ...(options.clusterMinSize === undefined ? {} : { clusterMinSize: Number(options.clusterMinSize) }),
      });
      if (!change.success) throw new UsageError(`invalid setting: ${change.error.issues[0]?.message ?? ''}`);
      const app = openContainer(options);
      try {
        const settings =
          Object.keys(change.data).length > 0 ? app.settings.updateFaces(change.data) : app.settings.faces();
        printResult(settings, Boolean(options.json), () =>
          Object.entries(settings)
            .map(([key, value]) => `${key}: ${String(value)}`)
            .join('\n'),
        );
      } finally {
        await app.shutdown();
      }
    });
}
