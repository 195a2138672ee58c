import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../shared/logger';
import { Redactor } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface FileLoggerOptions {
  dir: string;
  /** Base name; rotated files are `<name>.1.log` … `<name>.<keep>.log`. */
  name?: string;
  maxBytes?: number;
  keep?: number;
  level?: Level;
  /** Also echo to stderr (dev). */
  echo?: boolean;
  redactor?: Redactor;
}

/**
 * A small rotating file logger: one JSON-free line per record (`time level message {data}`), every
 * line redacted before it touches the disk, rotation by size with a fixed number of old files.
 * Writes are synchronous so the last lines before a crash are not lost; volume is low (no audio).
 * A failing disk never throws into the caller.
 */
export class FileLogger implements Logger {
  readonly file: string;
  readonly redactor: Redactor;
  private size = 0;
  private mayBeTorn = false;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly min: number;

  constructor(private readonly options: FileLoggerOptions) {
    const name = options.name ?? 'main';
    this.file = join(options.dir, `${name}.log`);
    this.maxBytes = options.maxBytes ?? 1_000_000;
    this.keep = options.keep ?? 3;
    this.min = ORDER[options.level ?? 'info'];
    this.redactor = options.redactor ?? new Redactor();
    try {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      this.size = statSync(this.file).size;
    } catch {
      this.size = 0;
    }
  }

  debug(msg: string, data?: unknown): void {
    this.write('debug', msg, data);
  }
  info(msg: string, data?: unknown): void {
    this.write('info', msg, data);
  }
  warn(msg: string, data?: unknown): void {
    this.write('warn', msg, data);
  }
  error(msg: string, data?: unknown): void {
    this.write('error', msg, data);
  }

  private write(level: Level, msg: string, data: unknown): void {
    if (ORDER[level] < this.min) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${this.redactor.text(msg)}`;
    if (data !== undefined) {
      try {
        line += ` ${JSON.stringify(this.redactor.value(data))}`;
      } catch {
        line += ' [unserialisable data]';
      }
    }
    line = `${line.replace(/[\r\n]+/g, ' ⏎ ').slice(0, 8000)}\n`;
    if (this.options.echo) process.stderr.write(line);
    try {
      if (this.size + line.length > this.maxBytes) this.rotate();
      // After a failed write (disk full) part of a line may be there: never glue the next one to it.
      const out = this.mayBeTorn ? `\n${line}` : line;
      appendFileSync(this.file, out, { mode: 0o600 });
      this.size += Buffer.byteLength(out);
      this.mayBeTorn = false;
    } catch {
      // Logging must never take the app down (disk full, folder removed).
      this.mayBeTorn = true;
    }
  }

  private rotate(): void {
    const base = this.file.slice(0, -'.log'.length);
    rmSync(`${base}.${this.keep}.log`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${base}.${i}.log`, `${base}.${i + 1}.log`);
      } catch {}
    }
    try {
      renameSync(this.file, `${base}.1.log`);
    } catch {}
    this.size = 0;
  }
}
