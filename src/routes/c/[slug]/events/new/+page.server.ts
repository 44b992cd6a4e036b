import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { createEvent } from '$lib/server/events';
import { cohostChoices } from '$lib/server/events/hosting';
import { membersNearCeiling } from '$lib/server/digests/budget';
import { previewMarkdown } from '$lib/server/posts';
import { forbidden } from '$lib/server/errors';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { createInput, echoEvent, guardFor } from '$lib/server/http/event-form';
import { findProposal } from '$lib/server/proposals';

// Scheduling an activity. "Check the calendar" answers with the frequency guard and the form as
// typed; a refusal comes back the same way, with the guard, so nothing is lost.
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
  const user = requireSignedIn(locals.user, url);
  const { community } = await parent();
  return orPageError(async () => {
    if (!community.viewer.canManage) throw forbidden();
    // The animator sees, before scheduling, how many members would find this in their digest rather than by email.
    // Made from a topic proposal: its title and text to start from, and the proposal sent along.
    const proposalId = url.searchParams.get('proposal');
    const proposal = proposalId ? await findProposal(db(), user, proposalId) : null;
    return {
      cohosts: await cohostChoices(db(), user, params.slug),
      defaultZone: config().timeZone,
      nearCeiling: await membersNearCeiling(db(), [community.id]),
      proposal: proposal ? { id: proposal.post.id, title: proposal.post.title, body: proposal.post.body } : null
    };
  });
};

const hostsOf = (form: FormData, slug: string) => [slug, ...form.getAll('cohosts').map(String)];

export const actions: Actions = {
  create: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (await createEvent(db(), user, createInput(form, params.slug))).id;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoEvent(form), guard: await guardFor(db(), user, hostsOf(form, params.slug), form) });
    }
    redirect(303, `/e/${id}`);
  },
  check: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    return { ...echoEvent(form), guard: await guardFor(db(), user, hostsOf(form, params.slug), form) };
  },
  preview: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      return { ...echoEvent(form), previewHtml: await previewMarkdown(db(), user, String(form.get('description') ?? ''), { slug: params.slug }) };
    } catch (error) {
      return formFailure(error, locals.locale, echoEvent(form));
    }
  }
};
