import type { Command } from 'commander';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';

interface FacesOptions extends GlobalOptions {
  person?: string;
  confirmedOnly?: boolean;
}

/** `faceatlas people` and `faceatlas faces`: who is in the catalog, and every face with its label. */
export function registerPeople(program: Command): void {
  addGlobalOptions(
    program.command('people').description('list named people and their confirmed faces'),
  ).action((options: GlobalOptions) =>
    withContainer(options, (app) => {
      const people = app.peopleViews.people().map(({ id, name, faces }) => ({ id, name, faces }));
      printResult(people, Boolean(options.json), () =>
        people.map((p) => `${p.id}\t${p.name}\t${p.faces} faces`).join('\n'),
      );
    }),
  );
  addGlobalOptions(
    program
      .command('faces')
      .description('list faces with their person, cluster and label')
      .option('--person <name>', "only this person's faces")
      .option('--confirmed-only', 'only confirmed faces'),
  ).action((options: FacesOptions) =>
    withContainer(options, (app) => {
      const faces = app.peopleViews.faces({
        ...(options.person === undefined ? {} : { person: options.person }),
        confirmedOnly: Boolean(options.confirmedOnly),
      });
      printResult(faces, Boolean(options.json), () =>
        faces
          .map((f) => `${f.id}\t${f.person ?? '-'}\t${f.assignment ?? '-'}\t${f.by ?? '-'}\t${f.photoPath}`)
          .join('\n'),
      );
    }),
  );
}
