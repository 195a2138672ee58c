import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { reloadOnCrash } from '../../../../src/main/services/shell/crash-recovery';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function contents() {
  const e = new EventEmitter();
  return Object.assign(e, { reload: vi.fn(), isDestroyed: () => false });
}

describe('a crashed renderer is reloaded', () => {
  it('reloads at once on a crash or kill, not on a clean exit, and gives up on a crash loop', () => {
    let t = 0;
    const wc = contents();
    reloadOnCrash(wc, logger, { maxReloads: 2, windowMs: 1000, now: () => t });
    wc.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(wc.reload).toHaveBeenCalledTimes(1);
    wc.emit('render-process-gone', {}, { reason: 'clean-exit' });
    expect(wc.reload).toHaveBeenCalledTimes(1);
    wc.emit('render-process-gone', {}, { reason: 'oom' });
    wc.emit('render-process-gone', {}, { reason: 'killed' });
    expect(wc.reload).toHaveBeenCalledTimes(2);
    t = 5000; // a minute later it may crash and recover again
    wc.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(wc.reload).toHaveBeenCalledTimes(3);
  });
});
