import type { Locale } from '$lib/i18n';
import type { Actor } from '$lib/server/auth/actor';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** The signed-in member, by session cookie or API token; null for visitors. */
      user: Actor | null;
      /** How the request was authenticated. */
      authVia: 'session' | 'token' | null;
      sessionId: string | null;
    }
    interface Error {
      message: string;
      code?: string;
    }
    interface PageData {
      locale: import('$lib/i18n').Locale;
    }
  }
}

export {};
