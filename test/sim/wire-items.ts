// How stored items look on the wire. Items are stored with Inworld's short assistant spelling
// (`audio` / `text`); the `sim_content=ga` switch renames them to OpenAI GA's `output_audio` /
// `output_text` in item content (§4.2). Audio bytes are stripped except in retrieve replies.

import type { Item } from './conversation.js';
import type { Json } from './session-config.js';
import type { Switches } from './switches.js';

const GA: Record<string, string> = { audio: 'output_audio', text: 'output_text' };

export function wireItem(item: Item, sw: Switches, withAudio = false): Item {
  const copy = structuredClone(item);
  if (copy.type !== 'message' || !Array.isArray(copy.content)) return copy;
  copy.content = (copy.content as Record<string, Json>[]).map((part) => {
    const p = { ...part };
    if (!withAudio) delete p.audio;
    if (item.role === 'assistant' && sw.contentSpelling === 'ga') p.type = GA[p.type as string] ?? (p.type as Json);
    return p;
  });
  return copy;
}
