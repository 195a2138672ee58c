import { pathToFileURL } from 'node:url';

/**
 * Loads a TypeScript module of this repo by absolute path under whichever runner is active:
 * Playwright and tsx transpile through `require` hooks (their `import()` of a .ts path fails in a
 * CommonJS package), vitest only through `import()`. Used for modules that are optional at
 * runtime (the realtime core, the simulator) so their absence is a clear error, not a crash.
 */
export async function loadTsModule<T>(absPath: string): Promise<T> {
  if (typeof require === 'function') return require(absPath) as T;
  return (await import(pathToFileURL(absPath).href)) as T;
}
