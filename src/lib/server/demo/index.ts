// `ruche demo`: a small French-speaking instance to try Ruche or take screenshots. Idempotent: run it
// again and it adds only what is missing: accounts, communities, discussions, a programme of activities, topic proposals
// (one planned as one of those activities), a shared library, a map of initiatives, and surveys with the responses of
// sixty more members.
import type { DB } from '../db';
import { provisionAccount } from '../auth/provision';
import { seedDemoCommunities } from './communities';
import { seedDemoDiscussions } from './discussions';
import { seedDemoEvents } from './events';
import { seedDemoInitiatives } from './initiatives';
import { seedDemoLibrary } from './library';
import { seedDemoProposals } from './proposals';
import { seedDemoRespondents } from './respondents';
import { seedDemoSurveys } from './surveys';

export type DemoAccount = { email: string; name: string; role: 'admin' | 'member'; password: string };

// Known passwords on purpose: this is a demo, and the screenshot script signs in with them.
export const demoAccounts: readonly DemoAccount[] = [
  { email: 'admin@demo.ruche.local', name: 'Geneviève Lapointe', role: 'admin', password: 'ruche-demo-admin' },
  { email: 'amelie.tremblay@demo.ruche.local', name: 'Amélie Tremblay', role: 'member', password: 'ruche-demo-membre' },
  { email: 'jf.gagnon@demo.ruche.local', name: 'Jean-François Gagnon', role: 'member', password: 'ruche-demo-membre' },
  { email: 'fatou.diallo@demo.ruche.local', name: 'Fatou Diallo', role: 'member', password: 'ruche-demo-membre' },
  { email: 'mathieu.cote@demo.ruche.local', name: 'Mathieu Côté', role: 'member', password: 'ruche-demo-membre' },
  { email: 'nadia.bouchard@demo.ruche.local', name: 'Nadia Bouchard', role: 'member', password: 'ruche-demo-membre' }
];

export async function seedDemo(db: DB): Promise<{ accounts: readonly DemoAccount[]; created: number; communities: number }> {
  let created = 0;
  for (const account of demoAccounts) {
    const existing = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirst();
    if (existing) continue;
    await provisionAccount(db, { ...account, locale: 'fr' });
    created += 1;
  }
  const communities = await seedDemoCommunities(db);
  await seedDemoDiscussions(db);
  await seedDemoEvents(db);
  await seedDemoProposals(db);
  await seedDemoLibrary(db);
  await seedDemoInitiatives(db);
  created += await seedDemoRespondents(db);
  await seedDemoSurveys(db);
  return { accounts: demoAccounts, created, communities };
}
