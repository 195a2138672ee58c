import { MessageChannelMain, type WebContents } from 'electron';
import type { Disposable } from '../../shared/disposable';
import { IPC_AUDIO_PORT } from '../../shared/ipc/contract';
import type { AudioToMain } from '../../shared/ipc/audio-messages';
import type { Logger } from '../../shared/logger';
import { originOf } from '../services/security/origin';
import type { AppController } from '../services/app-controller';

/**
 * Gives the window's page a fresh MessagePort for audio after every load (a reload gets a new one;
 * the old one is closed and detached from the controller). The port is handed over only when the
 * loaded page is our own origin, so a page that somehow got loaded can never receive microphone
 * control. Audio never goes through invoke round-trips.
 */
export function attachAudioChannel(wc: WebContents, controller: AppController, appOrigins: readonly string[], logger: Logger): Disposable {
  let current: { port: Electron.MessagePortMain; detach: Disposable } | undefined;
  const close = () => {
    if (!current) return;
    current.detach.dispose();
    current.port.close();
    current = undefined;
  };
  const onLoad = () => {
    close();
    if (!appOrigins.includes(originOf(wc.getURL()) ?? '')) {
      logger.warn('audio port withheld from a foreign page', { url: wc.getURL().slice(0, 200) });
      return;
    }
    const { port1, port2 } = new MessageChannelMain();
    port1.on('message', (e) => controller.handleAudio(e.data as AudioToMain));
    port1.start();
    const detach = controller.attachAudio((message) => {
      if (wc.isDestroyed()) return false;
      // Copied, not transferred: MessagePortMain's transfer list takes ports only (see audio-messages.ts).
      port1.postMessage(message);
      return true;
    });
    current = { port: port1, detach };
    wc.postMessage(IPC_AUDIO_PORT, null, [port2]);
  };
  wc.on('did-finish-load', onLoad);
  wc.on('destroyed', close);
  return {
    dispose() {
      close();
      if (!wc.isDestroyed()) wc.off('did-finish-load', onLoad);
    },
  };
}
