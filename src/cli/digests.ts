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
    // Batch after batch until none is left due (or a batch got nowhere: every one of it failed).
    const total = { sent: 0, checked: 0, failed: 0 };
    const at = Date.now();
    for (let more = true; more; ) {
      const result = await sendDueDigests(db(), at);
      total.sent += result.sent;
      total.checked += result.checked;
      total.failed += result.failed;
      more = result.more;
    }
    say(`Looked at ${total.checked} member(s) due now; ${total.failed ? `${total.failed} failed; ` : ''}digests sent:`);
    say(String(total.sent));
  }
};

export const digestCommands: Command[] = [send];
