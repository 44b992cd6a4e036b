// Small text helpers shared by the domains: URL-safe names and the JSON lists kept in text columns.

/** "Santé & services — Estrie" → "sante-services-estrie", at most `max` characters. */
export function urlName(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** A JSON array of strings stored as text; anything else reads as an empty list. */
export function jsonList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
