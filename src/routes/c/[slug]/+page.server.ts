import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { dismissWelcome, endMembership, joinCommunity } from '$lib/server/communities';
import { communityFeed } from '$lib/server/posts';
import { skipWelcomeSurvey, welcomePrompt } from '$lib/server/forms';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

const feedParams = ['kind', 'tag', 'unanswered', 'order', 'cursor'];

// The community's page: its charter and, for those who may read its content, what is being said.
// Feed filters asked of this address (`/c/{slug}?kind=question`) are answered by the feed itself.
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
  if (feedParams.some((name) => url.searchParams.has(name))) redirect(307, `/c/${params.slug}/posts${url.search}`);
  const { community } = await parent();
  return orPageError(async () => {
    const welcomeSurvey = await welcomePrompt(db(), locals.user, params.slug);
    if (!community.charter) return { recent: null, welcomeSurvey };
    const feed = await communityFeed(db(), locals.user, params.slug, { order: 'activity', unanswered: false }, { limit: 5 });
    return { recent: [...feed.pinned, ...feed.items].slice(0, 5), welcomeSurvey };
  });
};

export const actions: Actions = {
  join: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      return { joined: await joinCommunity(db(), user, params.slug, field(form, 'message')) };
    } catch (error) {
      return formFailure(error, locals.locale);
    }
  },
  dismissWelcome: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await dismissWelcome(db(), user, params.slug);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}`);
  },
  skipWelcomeSurvey: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await skipWelcomeSurvey(db(), user, field(await request.formData(), 'form') ?? '');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}`);
  },
  leave: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await endMembership(db(), user, params.slug, user.id, 'left');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}?left`);
  }
};
