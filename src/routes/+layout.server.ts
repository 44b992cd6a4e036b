import type { LayoutServerLoad } from './$types';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications';
import { unreadConversations } from '$lib/server/messages';
import { limits } from '$lib/shared/limits';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  // The header's two counts, asked together (on PostgreSQL they run side by side on the pool); the
  // bell's stops at the badge's ceiling.
  const [unreadNotifications, unreadMessages] = locals.user
    ? await Promise.all([unreadCount(db(), locals.user, limits.unreadBadge), unreadConversations(db(), locals.user)])
    : [0, 0];
  return {
    locale: locals.locale,
    instanceName: config().instanceName,
    user: locals.user
      ? { id: locals.user.id, name: locals.user.name, role: locals.user.role, timeZone: locals.user.timeZone ?? null }
      : null,
    path: url.pathname + url.search,
    unreadNotifications,
    unreadConversations: unreadMessages
  };
};
