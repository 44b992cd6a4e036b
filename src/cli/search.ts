// ruche search reindex: the whole search index built again from the rows, while the instance serves.
import { db } from '../lib/server/db';
import { migrateToLatest } from '../lib/server/db/migrate';
import { say, type Command } from './command';

const reindex: Command = {
  name: 'search reindex',
  summary: 'Build the search index again from everything stored (safe while the instance serves)',
  usage: 'ruche search reindex [--restart]',
  details: [
    'Every publication, comment, resource, activity, community, member and message is indexed again,',
    'a few hundred per transaction, and documents of things that are gone are removed. Progress is shown',
    'as it goes and kept in the database: an interrupted run (Ctrl+C, a crash) resumes where it stopped.',
    'The last line is the number of things indexed.',
    '',
    'Options:',
    '  --restart   start from the beginning even if an earlier run was interrupted'
  ],
  options: { restart: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(values) {
    await migrateToLatest(db());
    const { reindexAll } = await import('../lib/server/search');
    const started = Date.now();
    let shown = 0;
    const result = await reindexAll(db(), {
      restart: values.restart === true,
      onProgress: ({ kind, done, total }) => {
        // A line every couple of seconds and at the end of each kind: readable in a terminal and a log.
        if (Date.now() - shown < 2000 && done < total) return;
        shown = Date.now();
        say(`${kind}: ${done}/${total}`);
      }
    });
    say(`Indexed in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.swept} stale document(s) removed. Indexed:`);
    say(String(result.indexed));
  }
};

export const searchCommands: Command[] = [reindex];
