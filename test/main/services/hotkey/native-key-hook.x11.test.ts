/**
 * The real native key hook (uiohook-napi) under X11: xdotool sends key down/up to the X server,
 * the hook must see them and drive push-to-talk through HotkeyService → AppController. Needs a
 * display: the suite runs under xvfb-run (scripts/test.mjs); without one it skips and says why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HotkeyService } from '../../../../src/main/services/hotkey/hotkey-service';
import { createUiohookHook } from '../../../../src/main/services/hotkey/native-key-hook';
import { controllerRig } from '../controller-rig';
import { waitFor } from '../../../support/wait-for';
import { x11SkipReason as skipReason, xdotool } from '../../support/xdotool';

if (skipReason) console.log(`[uiohook-x11] skipped: ${skipReason}`);

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(Boolean(skipReason))('uiohook-napi adapter under X11', () => {
  const { controller, sessions, logger } = controllerRig();
  const log: string[] = [];
  const hotkeys = new HotkeyService({
    platform: 'linux',
    env: process.env,
    nativeHook: () => createUiohookHook(),
    shortcuts: { register: () => false, unregister: () => {} },
    onPress: () => {
      log.push('press');
      void controller.pttPress('hotkey');
    },
    onRelease: (reason) => {
      log.push(`release:${reason}`);
      void controller.pttRelease('hotkey');
    },
    logger,
  });

  afterAll(async () => {
    hotkeys.dispose();
    await controller.dispose();
  });

  it('sees xdotool key down/up and drives a push-to-talk turn', async () => {
    hotkeys.configure('Ctrl+Shift+F9', 'hold');
    expect(hotkeys.status()).toMatchObject({ registered: true, holdSupported: true });
    await wait(300); // the hook thread attaches to the X server asynchronously

    xdotool('keydown', 'ctrl+shift+F9');
    await waitFor(() => log.includes('press'));
    await waitFor(() => controller.pttState().active);
    await wait(400); // held: auto-repeat may fire, nothing else must happen
    expect(log).toEqual(['press']);
    xdotool('keyup', 'F9');
    xdotool('keyup', 'ctrl+shift');
    await waitFor(() => log.includes('release:release'));
    await waitFor(() => sessions[0]?.callNames().includes('commitUserTurn') ?? false);
    expect(sessions[0]!.callNames()).toEqual(expect.arrayContaining(['beginUserTurn', 'appendAudio', 'commitUserTurn']));
    expect(controller.pttState().active).toBe(false);
  });

  it('ignores the key without its modifiers', async () => {
    const before = log.length;
    xdotool('key', 'F9');
    await wait(300);
    expect(log.length).toBe(before);
  });
});
