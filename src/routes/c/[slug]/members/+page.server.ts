import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { can, findCommunity } from '$lib/server/access';
import {
  animatorHistory,
  assertRole,
  changeRole,
  decideRequest,
  endMembership,
  handOver,
  inviteByEmail,
  listMembers,
  parseEmailList
} from '$lib/server/communities';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';

export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const relation = await findCommunity(db(), locals.user, params.slug);
    const { members } = await listMembers(db(), locals.user, params.slug);
    const manage = can(locals.user, 'manage', relation);
    const confirmUser = url.searchParams.get('user');
    const confirming = url.searchParams.get('confirm');
    return {
      members,
      requests: manage ? (await listMembers(db(), locals.user, params.slug, 'pending')).members : [],
      history: can(locals.user, 'steer', relation) ? await animatorHistory(db(), locals.user, params.slug) : null,
      confirm:
        manage && confirmUser && (confirming === 'remove' || confirming === 'ban')
          ? { how: confirming, member: members.find((m) => m.userId === confirmUser) ?? null }
          : null
    };
  });

/** Runs one animator action; a failure comes back to the page, a success reloads it with a notice. */
async function act<R extends object>(event: Parameters<Actions[string]>[0], work: (form: FormData) => Promise<R | void>) {
  requireSignedIn(event.locals.user, event.url);
  const form = await event.request.formData();
  try {
    const result = await work(form);
    return { done: true as const, ...(result ?? ({} as Partial<R>)) };
  } catch (error) {
    return formFailure(error, event.locals.locale, echoAll(form));
  }
}

export const actions: Actions = {
  decide: (event) =>
    act(event, async (form) => {
      const approve = form.get('decision') === 'approve';
      await decideRequest(db(), event.locals.user, event.params.slug, String(form.get('userId')), { approve, message: field(form, 'message') });
      return { notice: approve ? 'approved' : 'declined' };
    }),
  role: (event) =>
    act(event, async (form) => {
      await changeRole(db(), event.locals.user, event.params.slug, String(form.get('userId')), assertRole(String(form.get('role'))));
      return { notice: 'role_changed' };
    }),
  remove: async (event) => {
    const result = await act(event, async (form) => {
      const how = form.get('how') === 'ban' ? 'banned' : 'removed';
      await endMembership(db(), event.locals.user, event.params.slug, String(form.get('userId')), how);
    });
    if ('done' in result) redirect(303, `/c/${event.params.slug}/members`);
    return result;
  },
  invite: (event) =>
    act(event, async (form) => {
      const file = form.get('file');
      const pasted = field(form, 'emails') ?? '';
      const fromFile = file instanceof File && file.size > 0 ? await file.slice(0, 200_000).text() : '';
      const emails = parseEmailList(`${pasted}\n${fromFile}`);
      const role = assertRole(String(form.get('role') ?? 'member'));
      return { report: await inviteByEmail(db(), event.locals.user, event.params.slug, { emails, role }) };
    }),
  handover: (event) =>
    act(event, async (form) => {
      await handOver(db(), event.locals.user, event.params.slug, {
        toUserId: String(form.get('toUserId') ?? ''),
        note: field(form, 'note'),
        stay: form.get('stay') === 'on'
      });
      return { notice: 'handover_done' };
    })
};
