/**
 * The UI's translations (vue-i18n, Composition API). The locale is the one the user chose last
 * (localStorage `faceatlas.locale`), else the browser's language when it is Chinese, else English.
 */
import { createI18n } from 'vue-i18n';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** Each locale's name, written in that language, for the language switcher. */
export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export const localeStorageKey = 'faceatlas.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function storedLocale(): Locale | null {
  try {
    const stored = localStorage.getItem(localeStorageKey);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** The locale to start with: the saved choice, else zh* browsers get Chinese, everyone else English. */
export function initialLocale(): Locale {
  return storedLocale() ?? (/^zh/i.test(navigator.language) ? 'zh-CN' : 'en');
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
});

/** Switches the UI language now, remembers it, and tells the document (screen readers, fonts). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(localeStorageKey, locale);
  } catch {
    // Storage may be unavailable (private mode): the choice then lasts until the page is reloaded.
  }
}

document.documentElement.lang = i18n.global.locale.value;
