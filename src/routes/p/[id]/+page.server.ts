import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import {
  addComment,
  deleteComment,
  deletePost,
  markAnswer,
  movePost,
  previewMarkdown,
  readPost,
  setFollowing,
  setLocked,
  setPinned,
  shareTargets,
  toggleReaction,
  updateComment
} from '$lib/server/posts';
import { resourcesDiscussedIn } from '$lib/server/library';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { suggestHelpers } from '$lib/server/search';
import { config } from '$lib/server/config';
import { pollsOf, vote, withdrawVote } from '$lib/server/polls';
import { safeRedirect } from '$lib/server/auth/forms';
import { decideProposal, eventsToLink, findProposal, proposalView, setSupport, setVolunteer } from '$lib/server/proposals';

// A publication and its discussion. Every action answers with a redirect back to the place on the
// page it concerns, so reloading never posts twice and the page works the same without JavaScript.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const post = await readPost(db(), locals.user, params.id);
    const proposal = post.kind === 'proposal' && !post.deleted ? await findProposal(db(), locals.user, params.id) : null;
    const commentId = (name: string) => {
      const id = url.searchParams.get(name);
      return post.comments.find((c) => c.id === id && !c.deleted) ?? null;
    };
    const editing = commentId('edit');
    return {
      // The page shows every text as HTML: the Markdown source travels (in the page and in the data
      // its scripts start from) only for the comment being edited or quoted, which come apart below.
      post: { ...post, body: null, comments: post.comments.map((c) => (c === editing ? c : { ...c, body: null })) },
      replyTo: commentId('reply'),
      quote: commentId('quote'),
      editing,
      confirmDelete: url.searchParams.get('delete'),
      about: await resourcesDiscussedIn(db(), locals.user, params.id),
      proposal: proposal ? await proposalView(db(), locals.user, proposal) : null,
      poll: post.deleted ? null : ((await pollsOf(db(), locals.user, [params.id])).get(params.id) ?? null),
      eventsToLink: proposal ? await eventsToLink(db(), locals.user, proposal) : [],
      moveTargets: post.viewer.canModerate && locals.user ? await shareTargets(db(), locals.user, post.community.slug) : [],
      // An open question: its author and the animators see who may know.
      origin: config().origin,
      askedByViewer: !!locals.user && post.author?.id === locals.user.id,
      helpers:
        locals.user && post.kind === 'question' && !post.answerId && post.viewer.canMarkAnswer
          ? await suggestHelpers(db(), locals.user, { q: `${post.title} ${post.body ?? ''}`.slice(0, 2000), exclude: post.author?.id, limit: 3 })
          : null
    };
  });

const back = (id: string, anchor = '') => `/p/${id}${anchor}`;

export const actions: Actions = {
  // A poll's vote, from the thread or from a feed: the voter goes back where they voted. A refusal
  // is told in the thread, beside the poll.
  vote: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await vote(db(), user, params.id, form.getAll('optionId').map(String));
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'poll' });
    }
    redirect(303, safeRedirect(field(form, 'returnTo'), back(params.id, `#poll-${params.id}`)));
  },
  withdrawVote: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await withdrawVote(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'poll' });
    }
    redirect(303, safeRedirect(field(form, 'returnTo'), back(params.id, `#poll-${params.id}`)));
  },
  // A topic proposal: support it or take it back, offer to help or not, and the animators' decision.
  support: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setSupport(db(), user, params.id, form.get('on') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'proposal' });
    }
    redirect(303, back(params.id, '#proposal'));
  },
  volunteer: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setVolunteer(db(), user, params.id, form.get('on') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'proposal' });
    }
    redirect(303, back(params.id, '#proposal'));
  },
  decide: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const status = String(form.get('status') ?? '');
    try {
      await decideProposal(db(), user, params.id, status === 'declined' ? { status, reason: String(form.get('reason') ?? '') } : status === 'planned' ? { status, eventId: field(form, 'eventId') } : ({ status } as { status: 'open' }));
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'decide' });
    }
    redirect(303, back(params.id, '#proposal'));
  },
  comment: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (await addComment(db(), user, params.id, { body: String(form.get('body') ?? ''), parentId: field(form, 'parentId') })).id;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'comment' });
    }
    redirect(303, back(params.id, `#comment-${id}`));
  },
  preview: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      return { ...echoAll(form), action: 'comment', previewHtml: await previewMarkdown(db(), user, String(form.get('body') ?? ''), { postId: params.id }) };
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
  },
  editComment: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const commentId = String(form.get('commentId') ?? '');
    try {
      await updateComment(db(), user, params.id, commentId, { body: String(form.get('body') ?? ''), revision: Number(form.get('revision')) || undefined });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'editComment' });
    }
    redirect(303, back(params.id, `#comment-${commentId}`));
  },
  deleteComment: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const commentId = String(form.get('commentId') ?? '');
    try {
      await deleteComment(db(), user, params.id, commentId);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id, `#comment-${commentId}`));
  },
  react: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const target = field(form, 'target') ?? params.id;
    try {
      await toggleReaction(db(), user, params.id, target, String(form.get('emoji') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id, target === params.id ? '#reactions' : `#comment-${target}`));
  },
  answer: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const commentId = field(form, 'commentId') ?? null;
    try {
      await markAnswer(db(), user, params.id, commentId);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id, commentId ? `#comment-${commentId}` : ''));
  },
  follow: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setFollowing(db(), user, params.id, form.get('following') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  },
  pin: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setPinned(db(), user, params.id, form.get('pinned') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  },
  lock: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setLocked(db(), user, params.id, form.get('locked') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  },
  move: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await movePost(db(), user, params.id, String(form.get('community') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  },
  delete: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await deletePost(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  }
};
