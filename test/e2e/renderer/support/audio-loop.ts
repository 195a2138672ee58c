/**
 * A real speaker→microphone loop for browser specs: a private PulseAudio server whose null sink
 * `spk` is Chromium's output and whose monitor (wrapped as the source `mic`, since Chromium hides
 * monitor sources) is Chromium's microphone. Whatever the page plays comes back into its capture,
 * exactly as laptop speakers leak into a laptop microphone; a "user" WAV played into the same sink
 * (`playUser`) mixes into the capture but is not part of the page's output, so it is never the echo
 * canceller's reference. Recipe and first figures: /work/shared/product/audio-loop.md.
 *
 * Chromium is launched without the fake capture device and without Playwright's default
 * `--mute-audio` (a muted renderer plays nothing into the sink), with XDG_RUNTIME_DIR pointing at
 * the private server.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../fixtures/host-fixture';

export interface AudioLoop {
  /** Environment for PulseAudio clients (pactl, paplay, Chromium) of this private server. */
  env: NodeJS.ProcessEnv;
  /**
   * Play a 48 kHz mono PCM16 WAV into the sink after `delayMs`; resolves with the wall time its
   * first sample was handed to the server. A `pacat` stream is kept open from the start (10 ms
   * latency target) so no process start-up lies between that time and the sound: the null sink
   * consumes in real time, so the sound starts within about that latency.
   */
  playUser(wavPath: string, delayMs?: number): Promise<{ startedAt: number; done: Promise<void> }>;
  /** Launch Chromium on this loop (extra switches appended, e.g. feature flags under test). */
  launchChromium(extraArgs?: string[]): Promise<Browser>;
  stop(): Promise<void>;
}

export function pulseAudioAvailable(): boolean {
  try {
    execFileSync('pulseaudio', ['--version'], { stdio: 'ignore' });
    execFileSync('pactl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pactl(env: NodeJS.ProcessEnv, ...args: string[]): string {
  return execFileSync('pactl', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export async function startAudioLoop(): Promise<AudioLoop> {
  const runtimeDir = mkdtempSync(join(tmpdir(), 'pa-loop-'));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, PULSE_RUNTIME_PATH: join(runtimeDir, 'pulse') };
  delete env.PULSE_SERVER;
  // Foreground child (not -D) so the pid is ours and the server dies with a killed test run.
  const server = spawn(
    'pulseaudio',
    ['--daemonize=no', '--exit-idle-time=-1', '-n', '--load=module-native-protocol-unix', `--log-target=file:${join(runtimeDir, 'pa.log')}`],
    { env, stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => server.once('exit', () => r()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      pactl(env, 'info');
      break;
    } catch {
      if (Date.now() > deadline || server.exitCode !== null) {
        server.kill('SIGKILL');
        const log = existsSync(join(runtimeDir, 'pa.log')) ? readFileSync(join(runtimeDir, 'pa.log'), 'utf8').slice(-2000) : '';
        throw new Error(`PulseAudio did not start: ${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  pactl(env, 'load-module', 'module-null-sink', 'sink_name=spk', 'rate=48000', 'channels=1');
  pactl(env, 'set-default-sink', 'spk');
  pactl(env, 'load-module', 'module-remap-source', 'master=spk.monitor', 'source_name=mic', 'channels=1');
  pactl(env, 'set-default-source', 'mic');
  const players = new Set<ChildProcess>();
  const user = spawn('pacat', ['--playback', '--device=spk', '--format=s16le', '--rate=48000', '--channels=1', '--latency-msec=10', '--client-name=user'], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  players.add(user);
  await new Promise((r) => setTimeout(r, 300)); // the stream connects

  return {
    env,
    async playUser(wavPath, delayMs = 0) {
      const pcm = wavData(readFileSync(wavPath));
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      user.stdin!.write(pcm);
      const startedAt = Date.now();
      const done = new Promise<void>((resolve) => setTimeout(resolve, pcm.length / 96 + 50));
      return { startedAt, done };
    },
    launchChromium(extraArgs = []) {
      const args = CHROMIUM_ARGS.filter((a) => a !== '--use-fake-device-for-media-stream');
      return chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [...args, ...extraArgs],
        ignoreDefaultArgs: ['--mute-audio'],
        env: env as Record<string, string>,
      });
    },
    async stop() {
      for (const p of players) p.kill('SIGKILL');
      server.kill('SIGTERM');
      const killer = setTimeout(() => server.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
      rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}

/** The PCM data chunk of a 48 kHz mono PCM16 WAV. */
function wavData(wav: Buffer): Buffer {
  const fmt = wav.indexOf('fmt ');
  if (wav.readUInt16LE(fmt + 8) !== 1 || wav.readUInt16LE(fmt + 10) !== 1 || wav.readUInt32LE(fmt + 12) !== 48_000 || wav.readUInt16LE(fmt + 22) !== 16) {
    throw new Error('playUser needs a 48 kHz mono PCM16 WAV');
  }
  const data = wav.indexOf('data');
  return wav.subarray(data + 8, data + 8 + wav.readUInt32LE(data + 4));
}

/** The loop's sink as a WAV recording for `ms` (debugging aid: what "the speaker" played). */
export function recordSink(env: NodeJS.ProcessEnv, path: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = execFile('timeout', [`${ms / 1000}`, 'parecord', '--device=spk.monitor', '--file-format=wav', path], { env }, (err) =>
      err && (err as { code?: number }).code !== 124 ? reject(err) : resolve(),
    );
    void p;
  });
}
