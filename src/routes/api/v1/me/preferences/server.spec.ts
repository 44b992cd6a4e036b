import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../../tests/setup/instance';
import { person } from '../../../../../../tests/setup/factories';
import { call } from '../../../../../../tests/setup/api';
import { createCommunity } from '$lib/server/communities/communities';
import { joinCommunity } from '$lib/server/communities/membership';
import { GET, PUT } from './+server';

const instance = useTestInstance({ RUCHE_EMAIL_BUDGET: '7' });

describe('/api/v1/me/preferences', () => {
  it('answers every choice with its default, and changes only what is given', async () => {
    const member = await person(instance.db, 'Inès Choix');
    const animator = await person(instance.db, 'Léa Gagnon');
    const community = await createCommunity(instance.db, animator, { name: 'Cercle des choix', visibility: 'private', joinPolicy: 'open' });
    await joinCommunity(instance.db, member, community.slug);

    const before = await call(GET, 'GET', '/me/preferences', { as: member });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      kinds: { mention: 'app', call_to_all: 'email', new_publication: 'digest' },
      digests: [{ community: community.slug, name: 'Cercle des choix', frequency: 'weekly' }],
      digestWeekday: 1,
      digestHour: 8,
      emailBudget: null,
      defaultEmailBudget: 7
    });

    const after = await call(PUT, 'PUT', '/me/preferences', {
      as: member,
      json: { kinds: { mention: 'email', call_to_all: 'off' }, digests: { [community.slug]: 'daily' }, digestWeekday: 5, digestHour: 18, emailBudget: 3 }
    });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ kinds: { mention: 'email', call_to_all: 'off', reply: 'app' }, digests: [{ frequency: 'daily' }], digestWeekday: 5, digestHour: 18, emailBudget: 3 });

    const cleared = await call(PUT, 'PUT', '/me/preferences', { as: member, json: { emailBudget: null } });
    expect(cleared.body).toMatchObject({ emailBudget: null, digestHour: 18, kinds: { mention: 'email' } });
  });

  it('refuses a community the member does not belong to, a bad hour, and strangers', async () => {
    const member = await person(instance.db, 'Jules Refus');
    const animator = await person(instance.db, 'Léa Gagnon');
    const elsewhere = await createCommunity(instance.db, animator, { name: 'Ailleurs', visibility: 'hidden', joinPolicy: 'invite' });

    const foreign = await call(PUT, 'PUT', '/me/preferences', { as: member, json: { digests: { [elsewhere.slug]: 'daily' } } });
    expect(foreign.status).toBe(400);
    const hour = await call(PUT, 'PUT', '/me/preferences', { as: member, json: { digestHour: 24 } });
    expect(hour.status).toBe(400);
    const channel = await call(PUT, 'PUT', '/me/preferences', { as: member, json: { kinds: { mention: 'pigeon' } } });
    expect(channel.status).toBe(400);
    expect((await call(GET, 'GET', '/me/preferences', { as: null })).status).toBe(401);
    const rows = await instance.db.selectFrom('digest_subscriptions').selectAll().where('user_id', '=', member.id).execute();
    expect(rows).toHaveLength(0);
  });
});
