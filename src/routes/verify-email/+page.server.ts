// The verification link (after sign-up, or to confirm a new address) lands here. Confirming an
// address is harmless if a mail scanner does it, so GET is enough; it does not sign anyone in.
import type { PageServerLoad } from './$types';
import { verifyEmail } from '$lib/server/auth/accounts';
import { AccountError } from '$lib/server/auth/outcome';
import { clientOf, forwardCookies } from '$lib/server/http/auth';

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  try {
    if (!token) throw new AccountError('invalid_link');
    forwardCookies(await verifyEmail(clientOf(event), token), event.cookies);
    return { verified: true, signedIn: event.locals.user !== null };
  } catch (error) {
    if (error instanceof AccountError) return { verified: false, signedIn: event.locals.user !== null };
    throw error;
  }
};
