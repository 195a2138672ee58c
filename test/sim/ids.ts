// Opaque server ids. Prefixed like OpenAI's so logs are readable; clients must not parse them.

import { randomBytes } from 'node:crypto';

export class IdSource {
  private n = 0;
  private readonly tag = randomBytes(3).toString('hex');

  next(prefix: 'evt' | 'item' | 'resp' | 'call' | 'sess' | 'conv' | 'bc'): string {
    this.n += 1;
    return `${prefix}_${this.tag}${this.n.toString(36).padStart(4, '0')}`;
  }
}
