import type { Command } from 'commander';
import type { HistoryResult, LabelResult } from '../../people/label.service';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';

interface FacePersonOptions extends GlobalOptions {
  face: string;
  person: string;
}

interface AddFaceOptions extends GlobalOptions {
  photo: string;
  box: string;
  person?: string;
}

interface MergeOptions extends GlobalOptions {
  person: string;
  into: string;
}

/** `label`, `reject`, `merge`, `undo`, `redo`: label faces from scripts, journaled like the UI's edits. */
export function registerLabels(program: Command): void {
  addGlobalOptions(
    program
      .command('label')
      .description('label a face as a person (created if new)')
      .requiredOption('--face <id>', 'face id (see `faceatlas faces`)')
      .requiredOption('--person <name>', "the person's name"),
  ).action((options: FacePersonOptions) =>
    withContainer(options, (app) =>
      report(app.labeling.assign([faceId(options.face)], options.person), options),
    ),
  );
  addGlobalOptions(
    program
      .command('reject')
      .description('say a face is not this person: it leaves them and never returns')
      .requiredOption('--face <id>', 'face id')
      .requiredOption('--person <name>', "the person's name"),
  ).action((options: FacePersonOptions) =>
    withContainer(options, (app) =>
      report(app.labeling.reject([faceId(options.face)], options.person), options),
    ),
  );
  addGlobalOptions(
    program
      .command('merge')
      .description('merge a person into another')
      .requiredOption('--person <name>', 'the person to merge away')
      .requiredOption('--into <name>', 'the person who remains'),
  ).action((options: MergeOptions) =>
    withContainer(options, (app) => report(app.labeling.merge(options.person, options.into), options)),
  );
  addGlobalOptions(
    program
      .command('add-face')
      .description(
        'add a face the detector missed, from a box on a photo (landmarks, crop, embedding computed)',
      )
      .requiredOption('--photo <id>', 'photo id')
      .requiredOption('--box <x,y,w,h>', 'the face box in photo pixels (after EXIF orientation)')
      .option('--person <name>', 'label the face as this person'),
  ).action((options: AddFaceOptions) =>
    withContainer(options, async (app) => {
      const [x, y, width, height] = options.box.split(',').map(Number);
      if ([x, y, width, height].some((v) => v === undefined || !Number.isFinite(v))) {
        throw new UsageError(`--box takes x,y,width,height, not "${options.box}"`);
      }
      const box = { x: x as number, y: y as number, width: width as number, height: height as number };
      report(await app.drawFace(positiveId(options.photo, '--photo'), box, options.person), options);
    }),
  );
  for (const [name, description] of [
    ['undo', 'undo the last label operation (any number of times, also after a restart)'],
    ['redo', 'redo the last undone label operation'],
  ] as const) {
    addGlobalOptions(program.command(name).description(description)).action((options: GlobalOptions) =>
      withContainer(options, async (app) => history(await app.stepLabels(name), options)),
    );
  }
}

function faceId(text: string): number {
  return positiveId(text, '--face');
}

function positiveId(text: string, flag: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`${flag} takes an id, not "${text}"`);
  return id;
}

function report(result: LabelResult, options: GlobalOptions): void {
  printResult(
    result,
    Boolean(options.json),
    () => `${result.op}: ${result.faces} face(s), journal entry ${result.entry}`,
  );
}

function history(result: HistoryResult, options: GlobalOptions): void {
  printResult(result, Boolean(options.json), () =>
    result.op === null ? 'nothing to do' : `${result.op} (${result.done} to undo, ${result.undone} to redo)`,
  );
}
