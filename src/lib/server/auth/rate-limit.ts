// Slows down password guessing and mail bombing, per client address and per account email.
// The client address is the one adapter-node reports (a forwarded header only when ADDRESS_HEADER
// says so); nothing here reads X-Forwarded-For. Counters live in this process's memory: with
// several web processes each keeps its own, so the effective limit is multiplied by their number.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors';

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;

/** Failed sign-ins, and requests that send an email (magic link, reset, verification, sign-up). */
export type AttemptKind = 'sign_in' | 'email_link' | 'sign_up';

const rules: Record<AttemptKind, { perEmail: number; perIp: number; seconds: number }> = {
  sign_in: { perEmail: 5, perIp: 20, seconds: FIFTEEN_MINUTES },
  email_link: { perEmail: 5, perIp: 20, seconds: ONE_HOUR },
  // Generous per address: a household, an office or a training room share one.
  sign_up: { perEmail: 5, perIp: 30, seconds: ONE_HOUR }
};

type Pair = { email: RateLimiterMemory; ip: RateLimiterMemory };
let limiters: Record<AttemptKind, Pair> | null = null;

function limiterFor(kind: AttemptKind): Pair {
  limiters ??= Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      name,
      {
        email: new RateLimiterMemory({ keyPrefix: `${name}:email`, points: rule.perEmail, duration: rule.seconds }),
        ip: new RateLimiterMemory({ keyPrefix: `${name}:ip`, points: rule.perIp, duration: rule.seconds })
      }
    ])
  ) as Record<AttemptKind, Pair>;
  return limiters[kind];
}

export type Client = { ip: string };

function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Refuses with rate_limited when the address or the account has used up its attempts. */
export async function assertNotLimited(kind: AttemptKind, client: Client, email: string): Promise<void> {
  const pair = limiterFor(kind);
  const rule = rules[kind];
  const [byEmail, byIp] = await Promise.all([pair.email.get(emailKey(email)), pair.ip.get(client.ip)]);
  const blocked = [
    byEmail && byEmail.consumedPoints >= rule.perEmail ? byEmail : null,
    byIp && byIp.consumedPoints >= rule.perIp ? byIp : null
  ].filter((res): res is RateLimiterRes => res !== null);
  if (blocked.length > 0) throw rateLimited(Math.max(...blocked.map(secondsOf)));
}

/** Counts one attempt against both the address and the account. */
export async function recordAttempt(kind: AttemptKind, client: Client, email: string): Promise<void> {
  const pair = limiterFor(kind);
  // consume() rejects once over the limit; the next assertNotLimited() is what refuses.
  await Promise.allSettled([pair.email.consume(emailKey(email)), pair.ip.consume(client.ip)]);
}

/** Checks then counts: for attempts that count whether or not they succeed (emails sent). */
export async function takeAttempt(kind: AttemptKind, client: Client, email: string): Promise<void> {
  await assertNotLimited(kind, client, email);
  await recordAttempt(kind, client, email);
}

/** A successful sign-in forgives the account's failures (the address keeps its count). */
export async function forgiveAccount(kind: AttemptKind, email: string): Promise<void> {
  await limiterFor(kind).email.delete(emailKey(email));
}

/** Tests start from clean counters. */
export function resetRateLimits(): void {
  limiters = null;
}

export const rateLimitRules = rules;
