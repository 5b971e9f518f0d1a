import { useMemo } from 'react';
import { useAppState } from '../store/context';
import { translator } from './translate';
import type { Translate } from './translate';

export function useLanguage() {
  return useAppState((state) => state.language);
}

export function useTranslate(): Translate {
  const language = useLanguage();
  return useMemo(() => translator(language), [language]);
}
