// Typed translations: keys come from messages/fr.json (the reference language), values are ICU
// messages (plurals, selects) formatted with intl-messageformat. Works on the server and in the browser.
import { IntlMessageFormat } from 'intl-messageformat';
import fr from '../../../messages/fr.json';
import en from '../../../messages/en.json';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<typeof fr>;
export type MessageParams = Record<string, string | number | Date>;

const catalogs: Record<Locale, unknown> = { fr, en };
const compiled = new Map<string, IntlMessageFormat>();

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function lookup(locale: Locale, key: string): string | undefined {
  let node: unknown = catalogs[locale];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Whether a key exists (used to map error codes such as `errors.not_found`). */
export function hasMessage(key: string): key is MessageKey {
  return lookup(defaultLocale, key) !== undefined;
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const source = lookup(locale, key) ?? lookup(defaultLocale, key) ?? key;
  if (!params && !source.includes('{')) return source;
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, locale === 'fr' ? 'fr-CA' : 'en-CA');
    compiled.set(cacheKey, format);
  }
  return String(format.format(params ?? {}));
}

/**
 * Picks the language of a request: an explicit choice (cookie or saved preference) first,
 * then the browser's Accept-Language, then French.
 */
export function negotiateLocale(choice: string | null | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(choice)) return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((entry) => entry.lang && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) if (isLocale(entry.lang)) return entry.lang;
  return defaultLocale;
}
