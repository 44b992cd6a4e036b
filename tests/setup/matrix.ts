// What the authorisation matrices (src/lib/server/access/matrix*.spec.ts) share: the principals'
// standing in "their" community, fake rows for the pure rules, and calling a route, a page or a
// domain function as a given actor so that every answer comes back as a status and a text to search
// for canaries.
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../../src/lib/server/auth/actor';
import type { Community, CommunityRole, CommunityStatus, MembershipStatus, Visibility } from '../../src/lib/server/db/schema';
import { DomainError } from '../../src/lib/server/errors';

export const visibilities: Visibility[] = ['public', 'private', 'hidden'];

/** An address that leads nowhere: a hidden thing must answer exactly as this does. */
export const nowhere = 'nexiste-pas';

export type Standing = { account: 'none' | 'member' | 'admin'; membership: { role: CommunityRole; status: MembershipStatus } | null };

/** Each principal's relation to "their" community; the animator founded it. Each matrix picks the principals it needs. */
export const standing = {
  anonymous: { account: 'none', membership: null },
  outsider: { account: 'member', membership: null },
  requester: { account: 'member', membership: { role: 'member', status: 'pending' } },
  invited: { account: 'member', membership: null },
  member: { account: 'member', membership: { role: 'member', status: 'active' } },
  removed: { account: 'member', membership: { role: 'member', status: 'removed' } },
  banned: { account: 'member', membership: { role: 'member', status: 'banned' } },
  left: { account: 'member', membership: { role: 'member', status: 'left' } },
  declined: { account: 'member', membership: { role: 'member', status: 'declined' } },
  otherAnimator: { account: 'member', membership: null },
  animator: { account: 'member', membership: { role: 'animator', status: 'active' } },
  steward: { account: 'member', membership: { role: 'steward', status: 'active' } },
  organiser: { account: 'member', membership: null },
  admin: { account: 'admin', membership: null }
} as const satisfies Record<string, Standing>;
export type Someone = keyof typeof standing;

/** An active member of their community. */
export const isMember = (p: Someone) => standing[p].membership?.status === 'active';

/** The actor the pure rules see: its id is the principal's name. */
export function fakeActor(p: Someone): Actor | null {
  const { account } = standing[p];
  if (account === 'none') return null;
  return { id: p, name: p, email: `${p}@example.org`, role: account, locale: 'fr', emailVerified: true };
}

export type Place = { visibility: Visibility; status: CommunityStatus };

/** A community row for the pure rules. */
export function fakeCommunity(id: string, place: Place, options: { joinPolicy?: Community['join_policy']; createdBy?: string } = {}): Community {
  return {
    id, slug: id, name: id, summary: '', languages: 'fr', themes: '[]', regions: '[]', partners: '[]',
    mission: null, vision: null, values_text: null, objectives: null, not_statement: null,
    visibility: place.visibility, join_policy: options.joinPolicy ?? 'request', join_question: null, welcome_message: null, logo_path: null, status: place.status,
    created_by: options.createdBy ?? 'founder', created_at: 0, updated_at: 0, archived_at: null, event_load_limit: 4, proposal_support_limit: null
  };
}

/** What came back: the status, the text to search for canaries, and an error's detail (a message key, or its translation). */
export type Answer = { status: number; text: string; detail: string | null };

export type Invocation = {
  actor: Actor | null;
  /** Path and query after the host. */
  path?: string;
  method?: string;
  params?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  raw?: Uint8Array;
  /** The content type of `raw`. */
  rawType?: string;
  authVia?: 'token' | 'session';
  /** The layout a page's parent() runs. */
  layout?: unknown;
};

/** The RequestEvent a handler sees after the auth handle: the caller is already in locals. */
export function requestEvent(call: Invocation) {
  const url = new URL(`http://localhost${call.path ?? '/matrice'}`);
  let body: BodyInit | undefined;
  let headers: Record<string, string> = {};
  if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers = { 'content-type': 'application/json' };
  } else if (call.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(call.form)) form.set(name, value);
    body = form;
  } else if (call.raw) {
    body = call.raw as BodyInit;
    headers = { 'content-type': call.rawType ?? 'application/octet-stream' };
  }
  const request = new Request(url, { method: call.method ?? 'GET', headers, body });
  const event = {
    request,
    url,
    params: call.params ?? {},
    locals: { user: call.actor, locale: 'fr', authVia: call.actor ? (call.authVia ?? 'token') : null, sessionId: null },
    parent: () => (call.layout as (event: unknown) => Promise<unknown>)(event)
  };
  return event;
}

/**
 * A page's load, a file route or any handler whose refusals are thrown: a redirect or an error is its
 * answer. A file answers with its name and its bytes (or, with `file: 'type'`, only its content type).
 */
export async function runPage(handler: unknown, call: Invocation, options: { file?: 'bytes' | 'type' } = {}): Promise<Answer> {
  try {
    const data = await (handler as (event: unknown) => Promise<unknown>)(requestEvent(call));
    if (data instanceof Response) {
      if (options.file === 'type') return { status: data.status, text: data.headers.get('content-type') ?? '', detail: null };
      return { status: data.status, text: `${data.headers.get('content-disposition') ?? ''}\n${await data.text()}`, detail: null };
    }
    return { status: 200, text: JSON.stringify(data), detail: null };
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, text: JSON.stringify(error.body), detail: error.body.message };
    if (isRedirect(error)) return { status: error.status, text: error.location, detail: null };
    throw error;
  }
}

/** An /api/v1 endpoint: its refusals are problem documents. */
export async function runApi(handler: unknown, call: Invocation): Promise<Answer> {
  const response = await (handler as (event: RequestEvent) => Promise<Response>)(requestEvent(call) as unknown as RequestEvent);
  const text = await response.text();
  const problem = response.headers.get('content-type')?.includes('problem+json');
  return { status: response.status, text, detail: problem ? (JSON.parse(text) as { detail: string }).detail : null };
}

/** A domain function: its result as JSON, or its typed error as a status. */
export async function runDomain(work: () => Promise<unknown>): Promise<Answer> {
  try {
    return { status: 200, text: JSON.stringify((await work()) ?? null), detail: null };
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, text: JSON.stringify({ code: error.code, detail: error.detail ?? null }), detail: error.detail ?? null };
    throw error;
  }
}

/** Canaries found in a text that the judge says its reader may not see. */
export function leaksIn<S extends string>(text: string, secrets: readonly S[], textOf: (id: S) => string, maySee: (id: S) => boolean): S[] {
  const lower = text.toLowerCase();
  return secrets.filter((id) => lower.includes(textOf(id).toLowerCase()) && !maySee(id));
}
