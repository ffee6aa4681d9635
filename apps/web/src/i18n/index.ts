/**
 * i18next with the app's two languages: Bahasa Indonesia by default, English when chosen (remembered in
 * localStorage). Keys are typed from id.ts.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../format/datetime';
import { en } from './en';
import { id } from './id';

export const LANGUAGES: readonly Lang[] = ['id', 'en'];
const STORAGE_KEY = 'gotong.lang';

function storedLanguage(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'id';
}

export function currentLang(language: string): Lang {
  return language === 'en' ? 'en' : 'id';
}

export async function setLanguage(lang: Lang): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = currentLang(lng);
});

export const i18nReady = i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
