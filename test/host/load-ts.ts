import { pathToFileURL } from 'node:url';

/**
 * Loads a TypeScript module of this repo by absolute path under whichever runner is active:
 * Playwright and tsx transpile through `require` hooks (their `import()` of a .ts path fails in a
 * CommonJS package), vitest only through `import()`. For modules that are optional at runtime.
 */
export async function loadTsModule<T>(absPath: string): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runner's TS require hook is the point
  if (typeof require === 'function') return require(absPath) as T;
  return (await import(pathToFileURL(absPath).href)) as T;
}
