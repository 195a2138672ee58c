// The parameter documentation at the top of index.ts must list every switch the parser accepts,
// and every documented sim_* name must exist (users copy them from there into URLs).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUERY_PARAMS } from './switches.js';

const header = readFileSync(join(__dirname, 'index.ts'), 'utf8').split('*/')[0] as string;

describe('index.ts documentation', () => {
  it('documents every query parameter', () => {
    const missing = Object.keys(QUERY_PARAMS).filter((p) => !new RegExp(`\\b${p}\\b`).test(header));
    expect(missing).toEqual([]);
  });
  it('documents no parameter that does not exist', () => {
    const documented = new Set(header.match(/\bsim_[a-z_]+/g) ?? []);
    expect([...documented].filter((p) => !(p in QUERY_PARAMS))).toEqual([]);
  });
  it('documents every control API route', () => {
    for (const route of ['GET  /__sim/sessions', '/__sim/sessions/:key/input.pcm', '/__sim/sessions/:key/events', 'POST /__sim/reset']) {
      expect(header).toContain(route);
    }
  });
});
