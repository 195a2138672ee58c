import { build } from 'esbuild';
import { join } from 'node:path';

let cached: Promise<string> | undefined;

/**
 * Bundles test/host/bridge-client.ts (and the shared bridge builder it imports) into one classic
 * script for the browser. Built once per process; a few hundred ms.
 */
export function bundleBridgeScript(): Promise<string> {
  cached ??= build({
    entryPoints: [join(__dirname, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error('esbuild produced no bridge script');
    return out.text;
  });
  return cached;
}
