// One-click unsubscribe (RFC 8058): GET asks for confirmation, POST (the button, or a mail program
// acting on List-Unsubscribe-Post) unsubscribes. The signed token is the permission: no sign-in.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { describeUnsubscribe, unsubscribe, type UnsubscribeScope } from '$lib/server/digests';
import type { Actions, PageServerLoad } from './$types';

function present(scope: UnsubscribeScope) {
  return scope.kind === 'digest' ? { kind: 'digest' as const, frequency: scope.frequency } : { kind: 'notification' as const, notification: scope.notification };
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
  // The address carries a secret: no cache keeps it, no other site learns it.
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  return { scope: present(await orPageError(() => describeUnsubscribe(db(), params.token))) };
};

export const actions: Actions = {
  default: async ({ params }) => ({ done: present(await orPageError(() => unsubscribe(db(), params.token))) })
};
