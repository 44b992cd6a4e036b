// The admin pages' own loads refuse anyone but an admin with a 404, as the access module decides.
import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { useTestInstance } from '../../../tests/setup/instance';
import type { Actor } from '$lib/server/auth/actor';
import { load as layoutLoad } from './+layout.server';
import { load as overviewLoad } from './+page.server';
import { load as outboxLoad } from './outbox/+page.server';
import { load as jobsLoad } from './jobs/+page.server';

useTestInstance();
const member: Actor = { id: 'm', name: 'Marc', email: 'marc@example.org', role: 'member', locale: 'fr', emailVerified: true };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const event = (user: Actor | null): any => ({ locals: { user }, url: new URL('http://localhost/admin'), params: {} });

describe('admin pages', () => {
  it('answer 404 to a member and to a visitor', async () => {
    for (const user of [member, null]) {
      for (const load of [layoutLoad, overviewLoad, outboxLoad, jobsLoad]) {
        await expect(load(event(user))).rejects.toSatisfy((e) => isHttpError(e) && e.status === 404);
      }
    }
  });

  it('open for an admin', async () => {
    const admin = { ...member, role: 'admin' as const };
    const data = await outboxLoad(event(admin));
    expect(data).toMatchObject({ emails: [], nextCursor: null, status: null });
  });
});
