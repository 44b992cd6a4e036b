// Admin actions that may find the item already changed (resent, retried): a conflict becomes a
// message on the same page; any other domain error becomes the usual error page.
import { DomainError } from '$lib/server/errors';
import { orPageError } from '$lib/server/http/pages';

export async function doneUnlessConflict(work: () => Promise<void>): Promise<boolean> {
  return orPageError(async () => {
    try {
      await work();
      return true;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'conflict') return false;
      throw e;
    }
  });
}
