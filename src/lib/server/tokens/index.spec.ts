import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { provisionAccount } from '../auth/provision';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors';
import { newId } from '../ids';
import { authenticateToken, createToken, listTokens, revokeToken } from '.';

const instance = useTestInstance();

async function member(name = 'Léa Gagnon'): Promise<Actor> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name, password: 'une phrase de passe', role: 'member' });
  return { id, name, email, role: 'member', locale: 'fr', emailVerified: true };
}

describe('personal API tokens', () => {
  it('gives the secret once and stores only its hash and a short prefix', async () => {
    const lea = await member();
    const { secret, token } = await createToken(instance.db, lea, { name: 'Export' });
    expect(secret).toMatch(/^ruche_[A-Za-z0-9_-]{43,}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token.prefix.length).toBeLessThan(16);

    const rows = await instance.db.selectFrom('api_tokens').selectAll().where('user_id', '=', lea.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(token.prefix.length));
  });

  it('authenticates the member the token belongs to and records when it was used', async () => {
    const lea = await member();
    const { secret, token } = await createToken(instance.db, lea, { name: 'Script' });
    const actor = await authenticateToken(secret, instance.db);
    expect(actor).toMatchObject({ id: lea.id, email: lea.email, role: 'member', emailVerified: true });
    const [listed] = await listTokens(instance.db, lea);
    expect(listed?.id).toBe(token.id);
    expect(listed?.lastUsedAt).toEqual(expect.any(Number));
  });

  it('refuses unknown, malformed and revoked tokens', async () => {
    const lea = await member();
    const { secret, token } = await createToken(instance.db, lea, { name: 'Ancien' });
    expect(await authenticateToken(`${secret}x`, instance.db)).toBeNull();
    expect(await authenticateToken('not-a-token', instance.db)).toBeNull();

    await revokeToken(instance.db, lea, token.id);
    expect(await authenticateToken(secret, instance.db)).toBeNull();
    expect(await listTokens(instance.db, lea)).toEqual([]);
  });

  it('lets nobody revoke or list someone else’s token', async () => {
    const lea = await member();
    const other = await member('Marc Côté');
    const { secret, token } = await createToken(instance.db, lea, { name: 'Privé' });
    await expect(revokeToken(instance.db, other, token.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await listTokens(instance.db, other)).toEqual([]);
    expect(await authenticateToken(secret, instance.db)).not.toBeNull();
    await expect(listTokens(instance.db, null)).rejects.toBeInstanceOf(DomainError);
  });

  it('requires a name', async () => {
    const lea = await member();
    await expect(createToken(instance.db, lea, { name: '   ' })).rejects.toThrow();
    expect(await listTokens(instance.db, lea)).toEqual([]);
  });
});
