import { useEffect, useState } from 'react';

/** Resolves 'system' through prefers-color-scheme and keeps following the OS while it is chosen. */
export function useTheme(choice: 'system' | 'light' | 'dark' | undefined): 'light' | 'dark' {
  const [osDark, setOsDark] = useState(() => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = (e: MediaQueryListEvent) => setOsDark(e.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const theme = choice === 'light' || choice === 'dark' ? choice : osDark ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
