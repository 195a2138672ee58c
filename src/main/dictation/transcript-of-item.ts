import type { ServerEventOf } from '../../shared/protocol/server-events';

type Item = ServerEventOf<'conversation.item.done'>['item'];

/** The user's words carried by a finished user item (§2.8 step 3, §4.2): `input_audio.transcript` or `input_text.text`. */
export function transcriptOfItem(item: Item): string | undefined {
  if (item.role !== 'user') return undefined;
  for (const part of item.content ?? []) {
    const p = part as { type?: string; transcript?: string | null; text?: string | null };
    if (p.type === 'input_audio' && typeof p.transcript === 'string' && p.transcript.trim()) return p.transcript;
    if (p.type === 'input_text' && typeof p.text === 'string' && p.text.trim()) return p.text;
  }
  return undefined;
}
