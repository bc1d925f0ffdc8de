#!/usr/bin/env node
/**
 * The `faceatlas` command: the same services as the app, without a UI. Exit codes: 0 when the command ran
 * (also when some files failed), 2 for a usage error, 1 for a fatal error with a one-line message.
 */
import { Command, CommanderError } from 'commander';
import { appVersion } from '../app/version';
import { registerCluster } from './commands/cluster';
import { registerEval } from './commands/eval';
import { registerEvalLfw } from './commands/eval-lfw';
import { registerExport } from './commands/export';
import { registerExportProjector } from './commands/export-projector';
import { registerImport } from './commands/import';
import { registerIndex } from './commands/index';
import { registerLabels } from './commands/labels';
import { registerModels } from './commands/models';
import { registerPeople } from './commands/people';
import { registerProject } from './commands/project';
import { registerRuns } from './commands/runs';
import { registerSearch } from './commands/search';
import { registerServe } from './commands/serve';
import { registerSettings } from './commands/settings';
import { registerStats } from './commands/stats';
import { registerTrain } from './commands/train';
import { ExitCode, UsageError } from './errors';
import { poolEmbedder } from './pool-embedder';

function buildProgram(): Command {
  const program = new Command('faceatlas')
    .description('FaceAtlas: organise, label and learn from the faces in your photos, on your own machine')
    .version(appVersion)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerImport(program);
  registerIndex(program);
  registerStats(program);
  registerEvalLfw(program, poolEmbedder);
  registerServe(program);
  registerSettings(program);
  registerPeople(program);
  registerLabels(program);
  registerCluster(program);
  registerExport(program);
  registerExportProjector(program);
  registerSearch(program);
  registerTrain(program);
  registerRuns(program);
  registerModels(program);
  registerEval(program);
  registerProject(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`faceatlas: ${error.message}\n`);
      return ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`faceatlas: ${message.split('\n')[0]}\n`);
    return ExitCode.fatal;
  }
}

process.exitCode = await main(process.argv);
