// The server-side conversation: ordered items plus what the simulator needs to police truncation
// (audio delivered per assistant item) and tool outputs (call ids seen, outputs received).
// Also validates client-created items (rules 21–25 of §7.4).

import { decodeAudio } from './audio.js';
import type { AudioFormat, Json } from './session-config.js';
import { SimError, checkFields, isPlainObject, nullable, req, str, type Field } from './shape.js';

export type Item = Record<string, Json> & { id: string; type: string };

export interface ItemState {
  item: Item;
  /** Assistant audio items: bytes delivered so far, and when the first delta went out (performance.now()). */
  audioBytes: number;
  audio: Buffer[];
  firstDeltaAt: number | null;
  /** Format the assistant audio was delivered in, and the full length of the planned reply audio. */
  audioFormat?: AudioFormat;
  totalAudioMs?: number;
}

const ITEM_BASE: Record<string, Field> = {
  id: str({ nonEmpty: true }),
  object: str({ enum: ['realtime.item'] }),
  type: req(str({ enum: ['message', 'function_call', 'function_call_output'] })),
  status: str(), // ignored when sent by the client (§4.1)
};

const BY_TYPE: Record<string, Record<string, Field>> = {
  message: { role: req(str({ enum: ['user', 'assistant', 'system'] })), content: req({ kind: 'array' }) },
  function_call: { call_id: req(str({ nonEmpty: true })), name: req(str({ nonEmpty: true })), arguments: req(str()) },
  function_call_output: { call_id: req(str({ nonEmpty: true })), output: req(str()) },
};

/** Allowed content parts per role; assistant history accepts both spellings (§4.2). */
const PARTS: Record<string, Record<string, Record<string, Field>>> = {
  user: {
    input_text: { text: req(str()) },
    input_audio: { audio: req(str()), transcript: nullable(str()) },
  },
  system: { input_text: { text: req(str()) } },
  assistant: {
    text: { text: req(str()) },
    output_text: { text: req(str()) },
    audio: { transcript: req(nullable(str())), audio: str() },
    output_audio: { transcript: req(nullable(str())), audio: str() },
  },
};

export class Conversation {
  private readonly order: string[] = [];
  private readonly items = new Map<string, ItemState>();
  /** call_id → whether a function_call_output for it has been added. */
  readonly calls = new Map<string, { name: string; answered: boolean }>();

  get(id: string): ItemState | undefined {
    return this.items.get(id);
  }

  lastId(): string | null {
    return this.order.at(-1) ?? null;
  }

  /** Id of the item before `id` (null at the start or when `id` is unknown). */
  previousOf(id: string): string | null {
    const i = this.order.indexOf(id);
    return i > 0 ? (this.order[i - 1] ?? null) : null;
  }

  ids(): readonly string[] {
    return this.order;
  }

  /** Inserts after `previousId` (null = at the end; "root" = at the beginning). Returns the previous item id. */
  add(item: Item, previousId: string | null = null): string | null {
    let index = this.order.length;
    if (previousId === 'root') index = 0;
    else if (previousId !== null) index = this.order.indexOf(previousId) + 1;
    const prev = index === 0 ? null : (this.order[index - 1] ?? null);
    this.order.splice(index, 0, item.id);
    this.items.set(item.id, { item, audioBytes: 0, audio: [], firstDeltaAt: null });
    if (item.type === 'function_call') this.calls.set(item.call_id as string, { name: item.name as string, answered: false });
    if (item.type === 'function_call_output') {
      const call = this.calls.get(item.call_id as string);
      if (call) call.answered = true;
    }
    return prev;
  }

  delete(id: string): boolean {
    const i = this.order.indexOf(id);
    if (i < 0) return false;
    this.order.splice(i, 1);
    this.items.delete(id);
    return true;
  }

  /**
   * Validates a client `conversation.item.create` and returns the item as the server stores it
   * (server id assigned, `object` and `status` set). Throws the §7.4 error otherwise.
   */
  validateCreate(rawItem: unknown, previousId: unknown, inputFormat: AudioFormat, strict: boolean, newId: () => string): Item {
    if (!isPlainObject(rawItem)) throw new SimError('invalid_type', 'item must be an object', 'item');
    const type = rawItem.type;
    const extra = typeof type === 'string' ? (BY_TYPE[type] ?? {}) : {};
    checkFields(rawItem, { ...ITEM_BASE, ...extra }, 'item', strict);
    if (typeof rawItem.id === 'string' && this.items.has(rawItem.id)) {
      throw new SimError('invalid_value', `Item ${rawItem.id} already exists`, 'item.id');
    }
    if (typeof previousId === 'string' && previousId !== 'root' && !this.items.has(previousId)) {
      throw new SimError('item_not_found', `previous_item_id ${previousId} not found`, 'previous_item_id');
    }
    if (type === 'message') this.validateContent(rawItem, inputFormat, strict);
    if (type === 'function_call' && this.calls.has(rawItem.call_id as string)) {
      throw new SimError('invalid_value', `call_id ${String(rawItem.call_id)} already used`, 'item.call_id');
    }
    if (type === 'function_call_output') {
      const call = this.calls.get(rawItem.call_id as string);
      if (!call) throw new SimError('invalid_value', `No function_call item with call_id ${String(rawItem.call_id)}`, 'item.call_id');
      if (call.answered) throw new SimError('invalid_value', `call_id ${String(rawItem.call_id)} already has an output`, 'item.call_id');
    }
    const item = structuredClone(rawItem) as Item;
    item.id = typeof rawItem.id === 'string' ? rawItem.id : newId();
    item.object = 'realtime.item';
    item.status = 'completed';
    return item;
  }

  private validateContent(item: Record<string, unknown>, inputFormat: AudioFormat, strict: boolean): void {
    const role = item.role as string;
    const allowed = PARTS[role] ?? {};
    (item.content as unknown[]).forEach((part, i) => {
      const path = `item.content[${i}]`;
      if (!isPlainObject(part)) throw new SimError('invalid_type', `${path} must be an object`, path);
      if (typeof part.type !== 'string') throw new SimError('missing_required_parameter', `Missing ${path}.type`, `${path}.type`);
      const fields = allowed[part.type];
      if (!fields) throw new SimError('invalid_value', `Content type ${part.type} is not allowed in a ${role} message`, `${path}.type`);
      checkFields(part, { type: str(), ...fields }, path, strict);
      if (part.type === 'input_audio') decodeAudio(part.audio as string, inputFormat, `${path}.audio`);
    });
  }
}
