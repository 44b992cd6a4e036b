import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listProposals, listProposalsSchema, proposalLimits, proposalStatuses, setSupport, setSupportLimit, supportAllowance } from '$lib/server/proposals';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

// A community's topic proposals: the open ones most supported first (or newest), the planned and the
// declined a tab away; members support from the list, animators set how many each may support.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const status = proposalStatuses.find((s) => s === url.searchParams.get('status')) ?? 'open';
    const order = url.searchParams.get('order') === 'newest' ? 'newest' : 'support';
    const query = listProposalsSchema.parse({ status, order, cursor: url.searchParams.get('cursor') ?? undefined });
    return {
      status,
      order,
      proposals: await listProposals(db(), locals.user, params.slug, query),
      allowance: await supportAllowance(db(), locals.user, params.slug),
      limitMax: proposalLimits.supportLimitMax,
      limitSaved: url.searchParams.has('limit_saved')
    };
  });

export const actions: Actions = {
  support: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const postId = field(form, 'postId') ?? '';
    try {
      await setSupport(db(), user, postId, form.get('on') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale, { postId });
    }
    // Back to the list as it was sorted (the action's own `?/support` is not a place to land on).
    redirect(303, `${url.pathname}${field(form, 'order') === 'newest' ? '?order=newest' : ''}#proposal-${postId}`);
  },
  limit: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const raw = field(form, 'limit');
    try {
      await setSupportLimit(db(), user, params.slug, { limit: raw ? Number(raw) : null });
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'limit' });
    }
    redirect(303, `/c/${params.slug}/proposals?limit_saved`);
  }
};
