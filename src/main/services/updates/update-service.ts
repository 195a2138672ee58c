/**
 * Finds, downloads and verifies new versions through an UpdaterPort (electron-updater in the app,
 * see updater-port.ts), Electron-free. Checks run at start and every few hours while the Settings
 * switch is on, and whenever the user asks from the tray; a found update is downloaded (its sha512
 * checked by the updater) and installed when the app quits, or at once if the user chooses to restart.
 */
import type { Disposable } from '../../../shared/disposable';
import type { Logger } from '../../../shared/logger';
import type { UpdateEligibility } from './update-policy';

export interface UpdaterPort {
  /** The newer version on the feed, or null when this one is the latest. */
  check(): Promise<{ version: string } | null>;
  /** Downloads the version check() found; rejects if its checksum or signature does not match. */
  download(): Promise<void>;
  /** Quits and installs the downloaded update. */
  quitAndInstall(): void;
}

export type UpdateState =
  | { status: 'disabled'; reason: string }
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'up-to-date'; checkedAt: number }
  | { status: 'downloading'; version: string }
  | { status: 'ready'; version: string }
  | { status: 'error'; message: string };

export interface UpdateServiceDeps {
  eligibility: UpdateEligibility;
  /** The Settings switch, read at every automatic check. */
  autoUpdate: () => boolean;
  /** Created only when updates are possible (electron-updater is not loaded otherwise). */
  updater: () => UpdaterPort | Promise<UpdaterPort>;
  logger: Logger;
  /** Told about what the user should see (a found update, a failed manual check). */
  notify?: (level: 'info' | 'warn' | 'error', message: string) => void;
  intervalMs?: number;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

export class UpdateService implements Disposable {
  private stateNow: UpdateState;
  private port: Promise<UpdaterPort> | undefined;
  private running: Promise<UpdateState> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<(s: UpdateState) => void>();

  constructor(private readonly deps: UpdateServiceDeps) {
    this.stateNow = deps.eligibility.enabled ? { status: 'idle' } : { status: 'disabled', reason: deps.eligibility.reason };
  }

  get state(): UpdateState {
    return this.stateNow;
  }

  get enabled(): boolean {
    return this.deps.eligibility.enabled;
  }

  onState(listener: (s: UpdateState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The automatic schedule: a check now and every interval, each skipped while the switch is off. */
  start(): void {
    if (!this.enabled || this.timer) return;
    const tick = () => {
      if (this.deps.autoUpdate()) void this.check('auto');
    };
    tick();
    this.timer = setInterval(tick, this.deps.intervalMs ?? SIX_HOURS);
    this.timer.unref?.();
  }

  /**
   * One check (and download if there is something newer). `manual` (the tray) runs even with the
   * switch off and reports its outcome; an automatic one is quiet unless an update is ready.
   */
  check(trigger: 'auto' | 'manual'): Promise<UpdateState> {
    if (!this.enabled) {
      if (trigger === 'manual') this.deps.notify?.('info', `Updates: ${(this.stateNow as { reason: string }).reason}.`);
      return Promise.resolve(this.stateNow);
    }
    if (this.stateNow.status === 'ready') {
      if (trigger === 'manual') this.deps.notify?.('info', `Version ${this.stateNow.version} is ready: it installs when you quit.`);
      return Promise.resolve(this.stateNow);
    }
    this.running ??= this.run(trigger).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Restart into the downloaded update; false when none is ready. */
  installNow(): boolean {
    if (this.stateNow.status !== 'ready' || !this.port) return false;
    void this.port.then((p) => p.quitAndInstall());
    return true;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private async run(trigger: 'auto' | 'manual'): Promise<UpdateState> {
    try {
      this.port ??= Promise.resolve(this.deps.updater());
      const port = await this.port;
      this.set({ status: 'checking' });
      const found = await port.check();
      if (!found) {
        this.set({ status: 'up-to-date', checkedAt: Date.now() });
        if (trigger === 'manual') this.deps.notify?.('info', 'Inworld Desk is up to date.');
        return this.stateNow;
      }
      this.deps.logger.info('update found', { version: found.version, trigger });
      this.set({ status: 'downloading', version: found.version });
      await port.download();
      this.set({ status: 'ready', version: found.version });
      this.deps.notify?.('info', `Version ${found.version} is downloaded and verified: it installs when you quit.`);
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      this.deps.logger.warn('update failed', { error: message, trigger });
      this.set({ status: 'error', message });
      if (trigger === 'manual') this.deps.notify?.('warn', `Update check failed: ${message}`);
    }
    return this.stateNow;
  }

  private set(s: UpdateState): void {
    this.stateNow = s;
    for (const l of [...this.listeners]) l(s);
  }
}
