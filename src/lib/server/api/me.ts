// /api/v1/me: who is calling, and the two preferences they may change through the API.
import { z } from 'zod';
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import { requireMember } from '../access';
import { locales } from '../../i18n';
import { limits } from '../../shared/limits';
import { defineOperation } from './registry';
import { indexMember } from '../search/documents';

export const meSchema = z.object({
  id: z.string().describe('Opaque identifier'),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'member']).describe('Role on this instance'),
  locale: z.enum(locales).describe('Preferred language'),
  emailVerified: z.boolean()
});
export type Me = z.infer<typeof meSchema>;

export const meUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(limits.nameMax).optional().describe('Name shown to other members'),
    locale: z.enum(locales).optional().describe('Language of the interface and emails')
  })
  .describe('Only the fields given are changed');

/** Chooses what of the actor goes out: adding a field to Actor never leaks it by accident. */
export function presentMe(actor: Actor): Me {
  return {
    id: actor.id,
    name: actor.name,
    email: actor.email,
    role: actor.role,
    locale: actor.locale,
    emailVerified: actor.emailVerified
  };
}

export async function updateMe(db: DB, actor: Actor | null, input: z.input<typeof meUpdate>): Promise<Actor> {
  const member = requireMember(actor);
  const changes = meUpdate.parse(input);
  if (changes.name === undefined && changes.locale === undefined) return member;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ ...changes, updated_at: new Date().toISOString() })
      .where('id', '=', member.id)
      .execute();
    await indexMember(tx, member.id);
  });
  return { ...member, ...changes };
}

export const getMeOperation = defineOperation({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  summary: 'The signed-in member',
  tags: ['account'],
  auth: 'member',
  responses: { 200: { description: 'The member the session or token belongs to', schema: meSchema } }
});

export const patchMeOperation = defineOperation({
  method: 'patch',
  path: '/me',
  operationId: 'updateMe',
  summary: 'Change my name or language',
  tags: ['account'],
  auth: 'member',
  body: meUpdate,
  responses: { 200: { description: 'The member after the change', schema: meSchema } }
});
