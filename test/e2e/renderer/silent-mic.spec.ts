/** A mic that delivers only digital silence (muted, or a Bluetooth headset still waking up) is called out. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/fixture';
import { openApp, waitMicOpen, waitReady } from './support/page-helpers';

const dir = join(tmpdir(), 'inworld-desk-speech');
mkdirSync(dir, { recursive: true });
// -D: no dither, so the file is exact digital zeros like a muted device (sox dithers by default).
const silence = join(dir, 'silence-6s.wav');
execFileSync('sox', ['-D', '-n', '-r', '48000', '-c', '1', '-b', '16', silence, 'trim', '0', '6']);
test.use({ micWav: silence });

test('a flat, all-zero microphone gets a warning', async ({ page, host }) => {
  await openApp(page, host.url);
  await waitReady(page);
  await waitMicOpen(page);
  await expect(page.getByTestId('silent-mic-banner')).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId('silent-mic-banner')).toContainText('only silence');
  await expect(page.getByTestId('mic-level')).toHaveAttribute('value', '0');
});
