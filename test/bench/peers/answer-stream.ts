import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { synthesize } from '../../sim/tts';

/**
 * The one spoken answer every client under comparison receives: `seconds` of PCM16 24 kHz speech
 * (espeak-ng, looped to length) as 40 ms base64 `response.output_audio.delta` frames, each followed
 * by a transcript delta, framed by the GA lifecycle events. The frames are built once, so the server
 * spends nothing per run but writing them, as fast as the socket takes them.
 */
export const RATE = 24_000;
const FRAME_MS = 40;
const FRAME_BYTES = (RATE * 2 * FRAME_MS) / 1000;

const SENTENCE =
  'The quick answer is yes. Here is what I found about your question, in a few plain sentences, so you can decide what to do next.';

export async function answerPcm(seconds: number): Promise<Buffer> {
  const speech = await synthesize(SENTENCE, { type: 'audio/pcm', rate: RATE });
  const total = Math.round(seconds * RATE) * 2;
  const out = Buffer.alloc(total);
  for (let off = 0; off < total; off += speech.audio.length) speech.audio.copy(out, off, 0, Math.min(speech.audio.length, total - off));
  return out;
}

export interface AnswerFrames {
  /** JSON text frames from `response.created` to `response.done`, in order. */
  frames: string[];
  audioBytes: number;
  audioMs: number;
  transcript: string;
}

export function buildAnswerFrames(pcm: Buffer, answerNo = 1): AnswerFrames {
  const response_id = `resp_bench_${answerNo}`;
  const item_id = `item_bench_${answerNo}`;
  const words = SENTENCE.split(' ');
  const frames: string[] = [];
  let n = 0;
  const push = (e: Record<string, unknown>) => frames.push(JSON.stringify({ event_id: `evt_${++n}`, ...e }));
  const item = { id: item_id, object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  push({ type: 'response.created', response: { id: response_id, object: 'realtime.response', status: 'in_progress', output: [] } });
  push({ type: 'response.output_item.added', response_id, output_index: 0, item });
  push({ type: 'response.content_part.added', response_id, item_id, output_index: 0, content_index: 0, part: { type: 'audio', transcript: '' } });
  const ref = { response_id, item_id, output_index: 0, content_index: 0 };
  let transcript = '';
  for (let off = 0, i = 0; off < pcm.length; off += FRAME_BYTES, i++) {
    push({ type: 'response.output_audio.delta', ...ref, delta: pcm.subarray(off, Math.min(pcm.length, off + FRAME_BYTES)).toString('base64') });
    const word = `${words[i % words.length]} `;
    transcript += word;
    push({ type: 'response.output_audio_transcript.delta', ...ref, delta: word });
  }
  push({ type: 'response.output_audio.done', ...ref });
  push({ type: 'response.output_audio_transcript.done', ...ref, transcript });
  push({ type: 'response.content_part.done', ...ref, part: { type: 'audio', transcript } });
  const doneItem = { ...item, status: 'completed', content: [{ type: 'output_audio', transcript }] };
  push({ type: 'response.output_item.done', response_id, output_index: 0, item: doneItem });
  push({
    type: 'response.done',
    response: { id: response_id, object: 'realtime.response', status: 'completed', output: [doneItem], usage: { total_tokens: 1, input_tokens: 1, output_tokens: 0 } },
  });
  return { frames, audioBytes: pcm.length, audioMs: (pcm.length / 2 / RATE) * 1000, transcript };
}

/**
 * A minimal OpenAI-Realtime-shaped peer: `session.created` on connect, `session.updated` for every
 * `session.update`, `conversation.item.added` for items, and the prepared answer for every
 * `response.create`. Writes respect back-pressure (1 MiB in flight) but never wait on a timer.
 */
export async function startAnswerServer(pcm: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  // Every response gets fresh ids (clients drop deltas of a finished response); frames are
  // built before they are needed, never while a client is being measured.
  const answers = Array.from({ length: 16 }, (_, i) => buildAnswerFrames(pcm, i + 1));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    let seq = 0;
    let responses = 0;
    const send = (e: Record<string, unknown>) => ws.send(JSON.stringify({ event_id: `srv_${++seq}`, ...e }));
    const session = { id: 'sess_bench', object: 'realtime.session', type: 'realtime', model: 'bench', output_modalities: ['audio'] };
    send({ type: 'session.created', session });
    ws.on('message', (data) => {
      let msg: { type?: string; item?: { id?: string } };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (msg.type === 'session.update') send({ type: 'session.updated', session });
      else if (msg.type === 'conversation.item.create') {
        const item = { id: msg.item?.id ?? `item_${seq}`, type: 'message', role: 'user', status: 'completed', content: [] };
        send({ type: 'conversation.item.added', item });
        send({ type: 'conversation.item.done', item });
      } else if (msg.type === 'response.create') {
        const answer = answers[responses++ % answers.length] as AnswerFrames;
        void streamAnswer(ws, answer.frames);
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/api/v1/realtime/session`,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

async function streamAnswer(ws: WebSocket, frames: readonly string[]): Promise<void> {
  for (const f of frames) {
    while (ws.bufferedAmount > 1 << 20) await new Promise((r) => setImmediate(r));
    if (ws.readyState !== ws.OPEN) return;
    ws.send(f);
  }
}
