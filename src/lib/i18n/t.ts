// The translation function for components: reads the request's locale from the page data.
import { page } from '$app/state';
import { defaultLocale, isLocale, translate, type MessageKey, type MessageParams, type Locale } from '.';

export function currentLocale(): Locale {
  const locale = page.data?.locale;
  return isLocale(locale) ? locale : defaultLocale;
}

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(currentLocale(), key, params);
}
