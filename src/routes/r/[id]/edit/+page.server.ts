import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { readResource, updateResource } from '$lib/server/library';
import { prepareNote } from '$lib/server/library/content';
import { diffTexts } from '$lib/server/library/diff';
import { splitSections } from '$lib/server/library/sections';
import { libraryTargets } from '$lib/server/library/targets';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { DomainError, forbidden, notFound } from '$lib/server/errors';
import { config } from '$lib/server/config';
import { communitiesShownTo, findResource } from '$lib/server/access';
import type { Actor } from '$lib/server/auth/actor';
import { authorLines, commonFields, echoForm, referenceFrom, referenceValues, uploadedFile } from '../../new/form.server';

/** `?section=N` of a collective work, or null for the whole resource. */
function sectionParam(url: URL): number | null {
  const raw = url.searchParams.get('section');
  return raw !== null && /^\d{1,3}$/.test(raw) ? Number(raw) : null;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const resource = await readResource(db(), user, params.id);
    if (!resource.can.edit) throw forbidden();
    const index = sectionParam(url);
    const section = index === null || resource.kind !== 'work' ? null : splitSections(resource.body)[index];
    if (index !== null && !section) throw notFound();
    return {
      resource: {
        id: resource.id,
        kind: resource.kind,
        title: resource.title,
        revision: resource.revision,
        file: resource.file?.name ?? null,
        communities: resource.communities.map((c) => c.slug)
      },
      values: {
        title: resource.title,
        summary: resource.summary ?? '',
        body: section ? section.text : resource.body,
        language: resource.language,
        licence: resource.licence,
        licenceNote: resource.licenceNote ?? '',
        visibility: resource.visibility,
        linkUrl: resource.linkUrl ?? '',
        authors: resource.authors.map((a) => (a.handle ? `@${a.handle}` : a.name)).join('\n'),
        categories: resource.categories.join(', '),
        ...referenceValues(resource.reference)
      } as Record<string, string>,
      section: section ? { index: section.index, title: section.title } : null,
      targets: await libraryTargets(db(), user),
      uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024)
    };
  });
};

/** What the member is shown when someone saved meanwhile: the current text and how theirs differs. */
async function conflictView(user: Actor, id: string, theirs: string, section: number | null) {
  const current = await readResource(db(), user, id);
  const currentText = section === null ? current.body : (splitSections(current.body)[section]?.text ?? '');
  return { revision: current.revision, updatedAt: current.updatedAt, text: currentText, blocks: diffTexts(currentText, theirs) };
}

/**
 * The communities to save, or undefined when the choice did not change (so an untouched form makes
 * no new revision). Linked communities the member may not see are not in the form: they stay.
 */
async function chosenCommunities(user: Actor, id: string, checked: string[]): Promise<string[] | undefined> {
  const relation = await findResource(db(), user, id);
  const shown = new Set(communitiesShownTo(user, relation.communities).map((r) => r.community.slug));
  const chosen = [...new Set([...checked, ...relation.communities.map((r) => r.community.slug).filter((slug) => !shown.has(slug))])];
  const linked = relation.communities.map((r) => r.community.slug);
  const same = chosen.length === linked.length && chosen.every((slug) => linked.includes(slug));
  return same ? undefined : chosen;
}

export const actions: Actions = {
  save: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    // A field rather than the address: the no-script Preview round trip keeps it.
    const sectionField = String(form.get('section') ?? '');
    const section = /^\d{1,3}$/.test(sectionField) ? Number(sectionField) : sectionParam(url);
    const revision = Number(form.get('revision')) || undefined;
    try {
      if (section !== null) {
        await updateResource(db(), user, params.id, { body: String(form.get('body') ?? ''), section, revision, message: commonFields(form).message });
      } else {
        const current = await readResource(db(), user, params.id);
        const common = commonFields(form);
        const kind = current.kind;
        const communities = await chosenCommunities(user, params.id, common.communities);
        await updateResource(
          db(),
          user,
          params.id,
          {
            ...common,
            communities,
            licenceNote: common.licenceNote ?? null,
            linkUrl: kind === 'link' ? common.linkUrl : undefined,
            authors: kind === 'reference' ? undefined : authorLines(form),
            reference: kind === 'reference' ? referenceFrom(form, current.reference) : undefined,
            revision
          },
          kind === 'file' ? await uploadedFile(form) : undefined
        );
      }
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') {
        const conflict = await conflictView(user, params.id, String(form.get('body') ?? ''), section);
        return formFailure(error, locals.locale, { ...echoForm(form), revision: String(conflict.revision), conflict });
      }
      return formFailure(error, locals.locale, echoForm(form));
    }
    redirect(303, `/r/${params.id}`);
  },
  preview: async ({ locals, params, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    return { ...echoForm(form), previewHtml: (await prepareNote(db(), String(form.get('body') ?? ''), params.id)).html };
  }
};
