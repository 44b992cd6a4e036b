// ruche digests send: the digests due now, without waiting for the hourly job.
import { db } from '../lib/server/db';
import { migrateToLatest } from '../lib/server/db/migrate';
import { say, type Command } from './command';

const send: Command = {
  name: 'digests send',
  summary: 'Send the digests that are due now (the worker also does it every hour)',
  usage: 'ruche digests send',
  details: [
    'Each member receives their daily or weekly digest at their own hour (and day), on their own clock;',
    'nothing is sent twice, and nothing when there is nothing new. The emails go through the outbox:',
    'a running server or worker delivers them.'
  ],
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    await migrateToLatest(db());
    const { sendDueDigests } = await import('../lib/server/digests/send');
    const result = await sendDueDigests(db());
    say(`Looked at ${result.checked} member(s) due now; ${result.failed ? `${result.failed} failed; ` : ''}digests sent:`);
    say(String(result.sent));
  }
};

export const digestCommands: Command[] = [send];
