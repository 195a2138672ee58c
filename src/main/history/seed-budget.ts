import type { ConversationEntry } from '../../shared/conversation';
import type { StoredTurn } from '../../shared/history';
import { SEED_ENTRY_PREFIX } from './entry-to-turn';

export interface SeedItem {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * What "Continue" sends to a new realtime session: the conversation's text messages only (tool
 * calls are not replayed, as after a reconnect, §6.8), the newest ones that fit `maxItems` and
 * `maxChars`, oldest first. A single message longer than the budget is cut from its start, so the
 * end of the last thing said survives.
 */
export function seedFromTurns(turns: readonly StoredTurn[], budget = { maxItems: 20, maxChars: 12_000 }): SeedItem[] {
  const out: SeedItem[] = [];
  let chars = 0;
  for (let i = turns.length - 1; i >= 0 && out.length < budget.maxItems; i--) {
    const t = turns[i]!;
    if (t.kind !== 'message' || (t.role !== 'user' && t.role !== 'assistant')) continue;
    let text = t.text.trim();
    if (!text) continue;
    const room = budget.maxChars - chars;
    if (room <= 0) break;
    if (text.length > room) {
      if (out.length > 0) break;
      text = `…${text.slice(text.length - room + 1)}`;
    }
    chars += text.length;
    out.push({ role: t.role, text });
  }
  return out.reverse();
}

/** The seed as displayed entries (ids with SEED_ENTRY_PREFIX, so the recorder does not copy them). */
export function seedEntries(seed: readonly SeedItem[], now: number): ConversationEntry[] {
  return seed.map((s, i) => ({ kind: 'message', id: `${SEED_ENTRY_PREFIX}${i}`, role: s.role, text: s.text, final: true, source: 'text', createdAt: now }));
}
