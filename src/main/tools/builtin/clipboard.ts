import { z } from 'zod';
import type { ClipboardPort } from '../ports';
import { defineTool, type Tool } from '../tool';

const MAX_READ_CHARS = 12_000;

export function createClipboardTools(clipboard: ClipboardPort): Tool[] {
  const read = defineTool({
    name: 'clipboard_read',
    description: 'Read the text currently on the clipboard.',
    risk: 'read',
    schema: z.object({}),
    async execute() {
      const text = (await clipboard.readText()) ?? '';
      if (text.length <= MAX_READ_CHARS) return { text, length: text.length };
      return { text: text.slice(0, MAX_READ_CHARS), length: text.length, truncated: true };
    },
  });
  const write = defineTool({
    name: 'clipboard_write',
    description: 'Put text on the clipboard, replacing what is there.',
    risk: 'write',
    schema: z.object({ text: z.string().max(100_000).describe('the text to copy') }),
    summarize: ({ text }) => `Replace the clipboard with: "${text.length > 200 ? `${text.slice(0, 200)}…` : text}"`,
    async execute({ text }) {
      await clipboard.writeText(text);
      return { ok: true, length: text.length };
    },
  });
  return [read, write];
}
