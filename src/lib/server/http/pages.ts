// Turns domain errors into SvelteKit page errors (translated by +error.svelte from their code), and
// sends visitors who must sign in to the sign-in page, then back.
import { error, redirect } from '@sveltejs/kit';
import { DomainError } from '../errors';
import type { Actor } from '../auth/actor';

export async function orPageError<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) error(e.status, { message: e.code, code: e.code });
    throw e;
  }
}

/** For pages that need a signed-in member: visitors go to /login and come back afterwards. */
export function requireSignedIn(user: Actor | null, url: URL): Actor {
  if (!user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  return user;
}
