import { useEffect } from 'react';
import { useLanguage, useTranslate } from '../i18n/use-translate';

/** `<html lang>` picks the right CJK glyphs and voices; the title names the app in that language. */
export function useDocumentLanguage() {
  const language = useLanguage();
  const t = useTranslate();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t('appName')} · ${t('appTagline')}`;
  }, [language, t]);
}
