// The better-auth instance, on our own tables. Built lazily and rebuilt when the process-wide
// database changes (tests swap it), because better-auth captures its database at construction.
import { betterAuth } from 'better-auth';
import { magicLink } from 'better-auth/plugins';
import { ensureProfile } from '../profiles';
import { db as processDb, type DB } from '../db';
import { dialectOf } from '../db/dialect';
import { config } from '../config';
import { newId } from '../ids';
import { limits } from '../../shared/limits';
import { authSecret } from './secret';
import { sendAlreadyRegistered, sendMagicLink, sendPasswordReset, sendVerification } from './emails';

export const MAGIC_LINK_SECONDS = 15 * 60;
export const RESET_LINK_SECONDS = 60 * 60;
export const VERIFY_LINK_SECONDS = 24 * 60 * 60;
export const COOKIE_PREFIX = 'ruche';
/** How long a session lasts, and how old it may get before its use extends it (better-auth's defaults, named). */
export const SESSION_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_REFRESH_SECONDS = 24 * 60 * 60;

function createAuth(database: DB, secret: string) {
  const origin = config().origin;
  return betterAuth({
    appName: config().instanceName,
    baseURL: origin,
    // Nothing is mounted here: pages call auth.api directly, so every attempt passes our limiter.
    basePath: '/api/auth',
    secret,
    trustedOrigins: [origin],
    database: { db: database, type: dialectOf(database) },
    telemetry: { enabled: false },
    // Theirs keys on X-Forwarded-For; ours (rate-limit.ts) keys on the address adapter-node trusts.
    rateLimit: { enabled: false },
    // better-auth logs sign-up attempts with the email address at info level; keep addresses out of logs.
    logger: { level: 'error' },
    advanced: {
      database: { generateId: () => newId() },
      useSecureCookies: origin.startsWith('https:'),
      cookiePrefix: COOKIE_PREFIX,
      ipAddress: { disableIpTracking: true }
    },
    // Every account gets its profile (and handle) the moment it exists.
    databaseHooks: {
      user: { create: { after: async (user) => ensureProfile(database, user.id, user.name) } }
    },
    user: {
      modelName: 'users',
      fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' },
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'member', input: false },
        locale: { type: 'string', required: false, defaultValue: 'fr', input: true },
        timeZone: { type: 'string', required: false, input: false, fieldName: 'time_zone' }
      },
      changeEmail: { enabled: true }
    },
    session: {
      expiresIn: SESSION_SECONDS,
      updateAge: SESSION_REFRESH_SECONDS,
      modelName: 'sessions',
      fields: {
        userId: 'user_id',
        expiresAt: 'expires_at',
        ipAddress: 'ip_address',
        userAgent: 'user_agent',
        createdAt: 'created_at',
        updatedAt: 'updated_at'
      }
    },
    account: {
      modelName: 'accounts',
      fields: {
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        createdAt: 'created_at',
        updatedAt: 'updated_at'
      }
    },
    verification: {
      modelName: 'verifications',
      fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' }
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: limits.passwordMin,
      maxPasswordLength: limits.passwordMax,
      resetPasswordTokenExpiresIn: RESET_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => sendPasswordReset(database, user, token),
      onExistingUserSignUp: ({ user }) => sendAlreadyRegistered(database, user)
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: false,
      // A link scanner that follows the link must not end up holding a session.
      autoSignInAfterVerification: false,
      expiresIn: VERIFY_LINK_SECONDS,
      sendVerificationEmail: ({ user, token }) => sendVerification(database, user, token)
    },
    plugins: [
      magicLink({
        disableSignUp: true,
        expiresIn: MAGIC_LINK_SECONDS,
        storeToken: 'hashed',
        sendMagicLink: ({ email, token }) => sendMagicLink(database, email, token)
      })
    ]
  });
}

export type Auth = ReturnType<typeof createAuth>;

let cached: { database: DB; secret: Promise<string>; auth: Promise<Auth> } | null = null;

function current(): NonNullable<typeof cached> {
  const database = processDb();
  if (cached?.database !== database) {
    const secret = authSecret(database);
    const auth = secret.then((key) => createAuth(database, key));
    const entry = { database, secret, auth };
    cached = entry;
    // A failed start (database down) must not be remembered forever.
    auth.catch(() => {
      if (cached === entry) cached = null;
    });
  }
  return cached;
}

/** The better-auth instance of the current process-wide database. */
export function getAuth(): Promise<Auth> {
  return current().auth;
}

/** The key that signs this instance's session cookies, read once per process. */
export function sessionSecret(): Promise<string> {
  return current().secret;
}
