import { describe, expect, it } from 'vitest';
import fr from '../../../messages/fr.json';
import en from '../../../messages/en.json';
import { IntlMessageFormat } from 'intl-messageformat';
import { negotiateLocale, translate } from '.';

function flatten(node: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string') out[prefix + key] = value;
    else Object.assign(out, flatten(value, `${prefix}${key}.`));
  }
  return out;
}

describe('messages', () => {
  it('French and English have exactly the same keys', () => {
    const frKeys = Object.keys(flatten(fr)).sort();
    const enKeys = Object.keys(flatten(en)).sort();
    expect(frKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !frKeys.includes(k))).toEqual([]);
  });

  it('every message is valid ICU in its language', () => {
    for (const [locale, catalog] of [['fr', fr], ['en', en]] as const) {
      for (const [key, source] of Object.entries(flatten(catalog))) {
        expect(() => new IntlMessageFormat(source, locale), `${locale}:${key}`).not.toThrow();
        expect(source.trim(), `${locale}:${key} is empty`).not.toBe('');
      }
    }
  });

  it('formats plurals per language', () => {
    expect(translate('fr', 'common.members_count', { count: 1 })).toBe('1 membre');
    expect(translate('en', 'common.members_count', { count: 3 })).toBe('3 members');
  });
});

describe('negotiateLocale', () => {
  it('prefers an explicit choice, then Accept-Language, then French', () => {
    expect(negotiateLocale('en', 'fr-CA')).toBe('en');
    expect(negotiateLocale(null, 'de-DE,en-US;q=0.8,fr;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined, 'de-DE')).toBe('fr');
    expect(negotiateLocale('xx', null)).toBe('fr');
  });
});
