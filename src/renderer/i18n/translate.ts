import type { Language } from '../../shared/errors';
import { en } from './en';
import type { Dictionary, MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { Language, MessageKey };

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

const DICTIONARIES: Record<Language, Dictionary> = { en, 'zh-CN': zhCN };

/** Each language names itself, so someone who cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) => {
    const text = dictionary[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** zh, zh-CN, zh-Hans, zh-TW… all get Chinese; everything else English. */
export function languageOf(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'zh-CN';
}
