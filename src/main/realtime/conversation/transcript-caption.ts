/**
 * Applies one `input_audio_transcription.delta` to the provisional caption (§5.3). Sources disagree
 * on delta semantics, so all three styles are handled:
 * - rolling rewrite: the delta is the whole transcript so far → it starts with the caption; replace;
 * - backspace diff: each `\b` deletes one character, then the rest is appended;
 * - additive: append.
 * The caption is provisional; `completed` always overwrites it.
 */
export function applyTranscriptDelta(caption: string, delta: string): string {
  if (caption.length > 0 && delta.startsWith(caption)) return delta;
  if (delta.includes('\b')) {
    let out = caption;
    for (const ch of delta) {
      if (ch === '\b') out = out.slice(0, -1);
      else out += ch;
    }
    return out;
  }
  return caption + delta;
}
