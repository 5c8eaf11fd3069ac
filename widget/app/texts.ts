import { WIDGET_LANGUAGES, type WidgetLanguage } from '../../lib/protocol/widget.js';

/**
 * Every text the chat app shows, in one place: a translation is one more object of this shape, in
 * lang/<code>.ts, its own small chunk fetched before the app draws (only English is in the main
 * bundle, so the first open stays within its budget). Functions take the values they interpolate;
 * nothing here is HTML.
 */
import { en, type Texts } from './lang/en.js';

export { en, type Texts };

/** Languages written right to left: the app gets dir="rtl" and its layout mirrors. */
export const isRtl = (lang: WidgetLanguage) => lang === 'ar';

/**
 * The language the widget speaks: the website's setting, or with "auto" the first of the visitor's
 * browser languages we have ("fr-CA" counts as French), else English.
 */
export function chooseLanguage(setting: WidgetLanguage | 'auto' | undefined, browser: readonly string[]): WidgetLanguage {
  if (setting && setting !== 'auto') return setting;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    const found = WIDGET_LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

const translations: Record<Exclude<WidgetLanguage, 'en'>, () => Promise<{ default: Texts }>> = {
  es: () => import('./lang/es.js'),
  fr: () => import('./lang/fr.js'),
  de: () => import('./lang/de.js'),
  ar: () => import('./lang/ar.js'),
};

/**
 * The locale for dates and times: the visitor's own (en-GB writes 18:00, en-US 6:00 PM) when it is
 * in the widget's language, else the widget's language (a weekday's name in the sentence's language).
 */
export function dateLocale(lang: WidgetLanguage, browser: readonly string[]): string {
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === lang) ?? lang;
}

/** The texts in use (a live binding: every view reads `t.x` when it draws). English until `useLanguage` resolves. */
export let t: Texts = en;
/** The locale dates and times are written in (undefined: the browser's). */
export let locale: string | undefined;

/** Fetches one language's texts (its own chunk) and makes them the ones in use. */
export async function useLanguage(lang: WidgetLanguage, browser: readonly string[]): Promise<Texts> {
  t = lang === 'en' ? en : (await translations[lang]()).default;
  locale = dateLocale(lang, browser);
  return t;
}
