/**
 * The API key cannot be read from the page: after the page stores it, no bridge call returns it,
 * it is nowhere in the DOM, and no file the host serves contains it (nor the simulator's key).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '../fixtures/host-fixture';
import { CALL_NAMES, calls } from '../../../src/shared/ipc/contract';

const USER_KEY = 'dXNlcjpzdXBlci1zZWNyZXQta2V5LTAxMjM0NTY3ODk=';

test.use({ hostOptions: { settings: { onboardingDone: true } } });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('the stored key never reaches the page', async ({ page, host, sim }) => {
  await page.goto(host.url);
  const status = await page.evaluate(
    (key) => (window as unknown as { assistant: { apiKey: { set(i: { key: string }): Promise<unknown> } } }).assistant.apiKey.set({ key }),
    USER_KEY,
  );
  expect(status).toMatchObject({ set: true, source: 'keychain' });
  expect(JSON.stringify(status)).not.toContain(USER_KEY);
  await expect(host.keys.read()).resolves.toBe(USER_KEY); // main has it…

  // …but every call the page can make without input answers without it.
  const noInput = CALL_NAMES.filter((n) => calls[n].input.safeParse(undefined).success && n !== 'logs.open' && n !== 'session.connect');
  const answers = await page.evaluate(async (names) => {
    const api = (window as unknown as { assistant: Record<string, Record<string, () => Promise<unknown>>> }).assistant;
    const out: Record<string, unknown> = {};
    for (const n of names) {
      const [ns, verb] = n.split('.') as [string, string];
      try {
        out[n] = await api[ns]![verb]!();
      } catch (err) {
        out[n] = String(err);
      }
    }
    return out;
  }, noInput);
  expect(Object.keys(answers).length).toBeGreaterThan(10);
  const dump = JSON.stringify(answers);
  expect(dump).not.toContain(USER_KEY);
  expect(dump).not.toContain(sim.key);

  // Not in the DOM (inputs included: a password field must be cleared after saving).
  const dom = await page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value);
    return document.documentElement.outerHTML + values.join('\n') + JSON.stringify(localStorage) + JSON.stringify(sessionStorage);
  });
  expect(dom).not.toContain(USER_KEY);
  expect(dom).not.toContain(sim.key);

  // Not in anything served: the bridge script and every built renderer file.
  const served = [await (await page.request.get(`${host.url}__host/bridge.js`)).text()];
  const root = join(__dirname, '..', '..', '..', 'out', 'renderer');
  for (const f of filesUnder(root)) {
    const rel = f.slice(root.length).split('\\').join('/');
    const res = await page.request.get(`${host.url}${rel.replace(/^\//, '')}`);
    expect(res.status(), rel).toBe(200);
    served.push(await res.text());
  }
  for (const body of served) {
    expect(body).not.toContain(USER_KEY);
    expect(body).not.toContain(sim.key);
  }
  // And not in the log file either.
  expect(readFileSync(host.logFile, 'utf8')).not.toContain(USER_KEY);
});
