// The demo's wider membership: sixty more people in the Ontario health community, from its five
// regions and the kinds of organisations its members come from, so that its needs survey has the
// responses of a real community and the results' filters (region, organisation) have groups of
// five and more to show. Accounts through provisionAccount, with the demo members' known password
// (hashed once for all sixty), profiles and memberships through their domains, like an animator
// adding people by email. Names are drawn with a fixed seed, so every demo has the same people.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { OrganisationType } from '../db/schema';
import { hashPassword } from 'better-auth/crypto';
import { provisionAccount } from '../auth/provision';
import { addMemberByEmail } from '../communities';
import { updateProfile } from '../profiles';
import { emails, sante } from './library';
import { demoRandom } from './random';

const respondentCount = 60;
const password = 'ruche-demo-membre';

const firstNames = [
  'Sophie', 'Marc-André', 'Isabelle', 'Karim', 'Chantal', 'Luc', 'Émilie', 'Patrice', 'Aïcha', 'Denis', 'Julie', 'Olivier', 'Marie-Ève', 'Samuel',
  'Nathalie', 'Rachid', 'Caroline', 'Guy', 'Mélanie', 'Kevin', 'Josée', 'François', 'Awa', 'Pierre-Luc', 'Stéphanie', 'Yves', 'Léa', 'Hugo', 'Manon',
  'Daniel', 'Valérie', 'Alain', 'Mireille', 'Benoît', 'Élodie', 'Simon', 'Hélène', 'Raymond', 'Annie', 'Thierry', 'Claudette', 'Jonathan'
];
const lastNames = [
  'Lavoie', 'Bergeron', 'Pelletier', 'Roy', 'Gauthier', 'Morin', 'Lefebvre', 'Fortin', 'Gagné', 'Ouellet', 'Paquette', 'Girard', 'Poirier', 'Leblanc',
  'Cormier', 'Landry', 'Thibault', 'Beaulieu', 'Desjardins', 'Charbonneau', 'Lalonde', 'Séguin', 'Brisson', 'Larocque', 'Haddad', 'Nguyen', 'Mbaye',
  'Benali', 'Joseph', 'Sinclair', 'Proulx', 'Dubé'
];

/** The community's regions, Est and Nord-Est most represented, as in franco-Ontarian health networks. */
const regions = [['Est', 30], ['Nord-Est', 25], ['Centre', 20], ['Sud-Ouest', 15], ['Nord-Ouest', 10]] as const;

const organisations: readonly { name: string; type: OrganisationType; weight: number }[] = [
  { name: 'Hôpital Montfort', type: 'health_social', weight: 14 },
  { name: 'Centre de santé communautaire du Grand Sudbury', type: 'health_social', weight: 12 },
  { name: 'Centre francophone du Grand Toronto', type: 'community', weight: 10 },
  { name: 'Réseau des services de santé en français de l’Est de l’Ontario', type: 'health_social', weight: 8 },
  { name: 'Collège Boréal', type: 'education', weight: 8 },
  { name: 'Université d’Ottawa', type: 'education', weight: 7 },
  { name: 'Santé publique Sudbury et districts', type: 'public_body', weight: 6 },
  { name: 'Centre de santé communautaire Hamilton/Niagara', type: 'health_social', weight: 5 },
  { name: 'Accueil francophone de Thunder Bay', type: 'community', weight: 4 }
];

const disciplines = [
  'Infirmière', 'Infirmier auxiliaire', 'Travailleuse sociale', 'Travailleur social', 'Médecin de famille', 'Gestionnaire de programme',
  'Coordonnatrice des services en français', 'Agent de liaison communautaire', 'Interprète', 'Psychologue', 'Pharmacienne', 'Diététiste',
  'Intervenante en santé mentale', 'Étudiante en sciences infirmières', 'Préposé aux bénéficiaires', 'Chargée de projet'
];

/** Lowercase ASCII for an email address: « Marie-Ève » gives « marie-eve ». */
const ascii = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');

export type DemoRespondent = { email: string; name: string; region: string; organisation: (typeof organisations)[number]; discipline: string };

/** The sixty people, always the same: the seed fixes the draw. */
export const demoRespondents: readonly DemoRespondent[] = (() => {
  const random = demoRandom(18);
  const taken = new Set<string>(Object.values(emails));
  const out: DemoRespondent[] = [];
  while (out.length < respondentCount) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const email = `${ascii(first)}.${ascii(last)}@demo.ruche.local`;
    if (taken.has(email)) continue;
    taken.add(email);
    out.push({
      email,
      name: `${first} ${last}`,
      region: random.weighted(regions),
      organisation: random.weighted(organisations.map((o) => [o, o.weight] as const)),
      discipline: random.pick(disciplines)
    });
  }
  return out;
})();

async function actorOf(db: DB, email: string): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', '=', email).executeTakeFirst();
  return user ? { ...user, locale: 'fr', emailVerified: true } : null;
}

/**
 * Adds the respondents who are missing, with their profiles and their membership of the Ontario
 * health community (added by its animator). Returns the accounts created.
 */
export async function seedDemoRespondents(db: DB): Promise<number> {
  const community = await db.selectFrom('communities').select('id').where('slug', '=', sante).executeTakeFirst();
  const lead = await actorOf(db, emails.amelie);
  if (!community || !lead) return 0;
  const existing = new Set((await db.selectFrom('users').select('email').where('email', 'in', demoRespondents.map((r) => r.email)).execute()).map((u) => u.email));
  const missing = demoRespondents.filter((r) => !existing.has(r.email));
  const hash = missing.length ? await hashPassword(password) : '';
  for (const respondent of missing) {
    await provisionAccount(db, { email: respondent.email, name: respondent.name, password, role: 'member', locale: 'fr' }, { hash });
    const actor = (await actorOf(db, respondent.email))!;
    await updateProfile(db, actor, {
      organisation: respondent.organisation.name,
      organisationType: respondent.organisation.type,
      discipline: respondent.discipline,
      region: respondent.region,
      languages: ['français', 'anglais'],
      visibility: { region: 'communities', organisation: 'communities' }
    });
    const member = await db.selectFrom('memberships').select('status').where('community_id', '=', community.id).where('user_id', '=', actor.id).executeTakeFirst();
    if (member?.status !== 'active') await addMemberByEmail(db, lead, sante, { email: respondent.email });
  }
  return missing.length;
}
