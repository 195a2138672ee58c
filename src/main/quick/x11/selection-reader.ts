/**
 * Reads PRIMARY (what is selected right now) or CLIPBOARD as an ordinary X selection requestor
 * (ICCCM §2.4): ConvertSelection to a property of our own window, wait for SelectionNotify, read
 * and delete the property, following INCR for large values. The owner keeps its selection; no key
 * is pressed and nothing is written to any selection.
 */
import { contextResult, type ContextKind, type ContextReader, type ContextResult } from '../context-reader';
import { X11Link, XC } from './x11-link';

const SELECTION: Record<ContextKind, string> = { selection: 'PRIMARY', clipboard: 'CLIPBOARD' };
/** Stop collecting an INCR transfer past this many bytes (we use far less). */
const MAX_BYTES = 256 * 1024;

export class X11SelectionReader implements ContextReader {
  readonly supports = ['selection', 'clipboard'] as const;

  constructor(private readonly opts: { display?: string; timeoutMs?: number } = {}) {}

  async read(kind: ContextKind): Promise<ContextResult> {
    let link: X11Link;
    try {
      link = await X11Link.open(this.opts.display ?? process.env.DISPLAY);
    } catch (err) {
      return { ok: false, reason: `the X display cannot be reached (${(err as Error).message})` };
    }
    try {
      return await this.readWith(link, kind);
    } catch (err) {
      return { ok: false, reason: `reading the ${kind} failed (${(err as Error).message})` };
    } finally {
      link.close();
    }
  }

  private async readWith(link: X11Link, kind: ContextKind): Promise<ContextResult> {
    const selection = await link.atom(SELECTION[kind]);
    const owner = await link.call<number>((cb) => link.client.GetSelectionOwner(selection, cb));
    if (owner === XC.None) return { ok: false, reason: kind === 'selection' ? 'nothing is selected' : 'the clipboard is empty' };
    for (const target of ['UTF8_STRING', 'STRING']) {
      const bytes = await this.convert(link, selection, await link.atom(target));
      if (bytes) return contextResult(bytes.toString(target === 'STRING' ? 'latin1' : 'utf8'));
    }
    return { ok: false, reason: `the ${kind} holds no text` };
  }

  /** One conversion; undefined when the owner refuses that target or does not answer in time. */
  private async convert(link: X11Link, selection: number, target: number): Promise<Buffer | undefined> {
    const timeoutMs = this.opts.timeoutMs ?? 1000;
    const prop = await link.atom('INWORLD_DESK_CONTEXT');
    const notified = link.waitEvent((ev) => ev.type === XC.SelectionNotify && ev.requestor === link.window, timeoutMs);
    link.client.ConvertSelection(link.window, selection, target, prop, XC.CurrentTime);
    const ev = await notified;
    if (!ev || !ev.property) return undefined;
    const incr = await link.atom('INCR');
    // Ask for the next chunk before reading (and deleting) this one, so no PropertyNotify is missed.
    let next = link.waitEvent((e) => e.type === XC.PropertyNotify && e.wid === link.window && e.atom === prop && e.state === XC.PropertyNewValue, timeoutMs);
    const first = await link.getProperty(link.window, prop);
    link.client.DeleteProperty(link.window, prop);
    if (first.type !== incr) return Buffer.from(first.data);
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const arrived = await next;
      if (!arrived) return size > 0 ? Buffer.concat(chunks) : undefined;
      next = link.waitEvent((e) => e.type === XC.PropertyNotify && e.wid === link.window && e.atom === prop && e.state === XC.PropertyNewValue, timeoutMs);
      const chunk = await link.getProperty(link.window, prop);
      link.client.DeleteProperty(link.window, prop);
      if (chunk.data.length === 0 || size >= MAX_BYTES) return Buffer.concat(chunks);
      chunks.push(Buffer.from(chunk.data));
      size += chunk.data.length;
    }
  }
}
