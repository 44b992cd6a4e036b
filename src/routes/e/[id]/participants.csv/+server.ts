// The participant list of an activity as a spreadsheet, for its organisers, in the reader's language.
import { db } from '$lib/server/db';
import { participantsCsv } from '$lib/server/events';
import { orPageError } from '$lib/server/http/pages';
import { translate, type MessageKey } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
  orPageError(async () => {
    const say = (key: MessageKey) => translate(locals.locale, key);
    const headers = [say('events.col_name'), say('events.col_email'), say('events.col_status'), say('events.col_attended'), say('events.col_registered')];
    const csv = await participantsCsv(db(), locals.user, params.id, headers, (status) => say(`events.my_status.${status}` as MessageKey));
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="participants-${params.id}.csv"`,
        'cache-control': 'private, no-store'
      }
    });
  });
