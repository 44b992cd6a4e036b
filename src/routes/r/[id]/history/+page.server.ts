import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listRevisions, readResource } from '$lib/server/library';
import { orPageError } from '$lib/server/http/pages';
import { restore } from './restore.server';

// Every revision of a resource, to compare two of them and, for its editors, bring one back.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const history = await listRevisions(db(), locals.user, params.id);
    const asked = Number(url.searchParams.get('restore'));
    return {
      id: params.id,
      history,
      contributors: history.kind === 'work' ? (await readResource(db(), locals.user, params.id)).contributors : [],
      confirmRestore: history.canEdit && history.revisions.some((r) => r.number === asked && !r.current) ? asked : null,
      restored: Number(url.searchParams.get('restored')) || null
    };
  });

export const actions: Actions = { restore };
