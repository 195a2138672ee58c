import { constants, promises as fs } from 'node:fs';
import { z } from 'zod';
import { defineTool, ToolError, type Tool } from '../tool';
import type { AllowedFolders } from './open-path';
import { describeAllowedFolders, resolveAllowedPath } from './safe-path';

const DEFAULT_MAX_BYTES = 12 * 1024;
const HARD_MAX_BYTES = 14 * 1024; // stays under the runtime's 16 KiB output cap with the JSON wrapper

/** A NUL byte or invalid UTF-8 in the sample means this is not text we should hand the model. */
export function looksBinary(sample: Buffer): boolean {
  if (sample.includes(0)) return true;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return false;
  } catch {
    return true;
  }
}

export function createReadTextFileTool(allowedFolders: AllowedFolders): Tool {
  return defineTool({
    name: 'read_text_file',
    description: () =>
      `Read a text file inside the allowed folders (${describeAllowedFolders(allowedFolders())}). Returns at most ${HARD_MAX_BYTES} bytes; use offset to read further.`,
    risk: 'read',
    isEnabled: () => allowedFolders().length > 0,
    schema: z.object({
      path: z.string().min(1).max(4096).describe('absolute path, or relative to the first allowed folder'),
      offset: z.number().int().min(0).default(0).describe('byte offset to start reading at'),
      maxBytes: z.number().int().min(1).max(HARD_MAX_BYTES).default(DEFAULT_MAX_BYTES),
    }),
    // A credential file inside an allowed folder is read only after the user said yes to this read.
    async approvalReason({ path: input }) {
      const r = await resolveAllowedPath(input, allowedFolders(), { allowSensitive: true });
      return r.sensitive ? `Read ${r.realPath}: it looks like a file with credentials or keys` : undefined;
    },
    async execute({ path: input, offset, maxBytes }, ctx) {
      const { realPath, stats } = await resolveAllowedPath(input, allowedFolders(), { allowSensitive: ctx.approved === true });
      if (!stats.isFile()) throw new ToolError(`${input} is not a regular file`);
      // O_NOFOLLOW / O_NONBLOCK: if the file is swapped for a symlink or a FIFO between the checks and
      // the open, fail instead of following it out of the folder or blocking forever.
      const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
      const handle = await fs.open(realPath, flags).catch((err: NodeJS.ErrnoException) => {
        throw new ToolError(`cannot open ${input}: ${err.code ?? err.message}`);
      });
      try {
        const fstat = await handle.stat();
        if (!fstat.isFile() || fstat.ino !== stats.ino || fstat.dev !== stats.dev) {
          throw new ToolError(`${input} changed while it was being opened`);
        }
        // Read a few bytes past the limit so we can see whether the limit splits a character.
        const buf = Buffer.alloc(Math.min(maxBytes + 3, Math.max(0, fstat.size - offset)));
        const { bytesRead } = buf.length ? await handle.read(buf, 0, buf.length, offset) : { bytesRead: 0 };
        const chunk = buf.subarray(0, bytesRead);
        if (looksBinary(chunk)) throw new ToolError(`${input} looks like a binary file, not text`);
        let end = Math.min(chunk.length, maxBytes);
        // Do not end inside a multi-byte character: if the next byte continues one, back up to its start.
        if (end < chunk.length) while (end > 0 && (chunk[end]! & 0xc0) === 0x80) end--;
        const text = chunk.subarray(0, end).toString('utf8');
        const next = offset + end;
        return {
          path: realPath,
          sizeBytes: fstat.size,
          offset,
          text,
          ...(next < fstat.size ? { truncated: true, nextOffset: next } : {}),
        };
      } finally {
        await handle.close();
      }
    },
  });
}
