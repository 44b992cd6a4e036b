import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireSignedIn, orPageError } from '$lib/server/http/pages';
import { createToken, listTokens, revokeToken, tokenInput } from '$lib/server/tokens';
import { zodIssues } from '$lib/server/api/issues';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
  const user = requireSignedIn(locals.user, url);
  // This page shows a new secret once: no cache may keep a copy.
  setHeaders({ 'cache-control': 'no-store' });
  const tokens = await listTokens(db(), user);
  // Revoking asks first on its own screen, so the confirmation works without JavaScript.
  const confirming = tokens.find((token) => token.id === url.searchParams.get('revoke')) ?? null;
  return { tokens, confirming };
};

export const actions: Actions = {
  create: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const parsed = tokenInput.safeParse({ name: String(form.get('name') ?? '') });
    if (!parsed.success) {
      const message = zodIssues(parsed.error, locals.locale)[0]?.message ?? '';
      return fail(400, { name: String(form.get('name') ?? ''), nameError: message });
    }
    const { token, secret } = await createToken(db(), user, parsed.data);
    return { created: { name: token.name, secret } };
  },
  revoke: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const id = z.string().max(100).parse(String(form.get('id') ?? ''));
    await orPageError(() => revokeToken(db(), user, id));
    return { revoked: true };
  }
};
