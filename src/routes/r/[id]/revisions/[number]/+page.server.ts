import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listRevisions, readRevision } from '$lib/server/library';
import { shortCitation } from '$lib/server/library/citations';
import { prepareNote } from '$lib/server/library/content';
import { orPageError } from '$lib/server/http/pages';
import { restore } from '../../history/restore.server';

// One earlier revision as it was, to read before comparing or restoring it.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!/^\d{1,9}$/.test(params.number)) error(404, { message: 'not_found', code: 'not_found' });
  const number = Number(params.number);
  return orPageError(async () => {
    const history = await listRevisions(db(), locals.user, params.id);
    const revision = await readRevision(db(), locals.user, params.id, number);
    const entry = history.revisions.find((r) => r.number === number) ?? null;
    return {
      id: params.id,
      number,
      latest: history.revision,
      canEdit: history.canEdit,
      entry,
      revision: {
        title: revision.title,
        summary: revision.summary,
        language: revision.language,
        licence: revision.licence,
        licenceNote: revision.licenceNote,
        visibility: revision.visibility,
        linkUrl: revision.linkUrl,
        fileName: revision.file?.name ?? null,
        authors: revision.authors.map((a) => a.name),
        categories: revision.categories,
        reference: revision.reference ? shortCitation(revision.reference) : null
      },
      // Rendered as it would be today: links to other resources resolve, raw HTML stays off.
      bodyHtml: revision.body.trim() ? (await prepareNote(db(), revision.body, params.id)).html : null,
      confirmRestore: history.canEdit && number !== history.revision && url.searchParams.has('restore')
    };
  });
};

export const actions: Actions = { restore };
