import { z } from 'zod';
import { defineTool, ToolError, type Tool } from '../tool';

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "+05:30" style offset of `tz` at `date`, computed from Intl so it follows DST rules. */
function utcOffset(date: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(date);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}:\d{2})?/.exec(name);
  return m?.[1] ?? '+00:00';
}

export function createDatetimeTool(now: () => Date = () => new Date()): Tool {
  return defineTool({
    name: 'get_datetime',
    description: 'Get the current date and time (local time zone by default, or a given IANA time zone such as "Europe/Paris").',
    risk: 'read',
    schema: z.object({
      timeZone: z.string().max(64).optional().describe('IANA time zone name; omit for the computer\'s own time zone'),
    }),
    async execute({ timeZone }) {
      const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (!isValidTimeZone(tz)) throw new ToolError(`unknown time zone '${tz}'; use an IANA name like "America/New_York"`);
      const date = now();
      return {
        iso: date.toISOString(),
        unixMs: date.getTime(),
        timeZone: tz,
        utcOffset: utcOffset(date, tz),
        local: new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          dateStyle: 'full',
          timeStyle: 'long',
        }).format(date),
        weekday: new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'long' }).format(date),
      };
    },
  });
}
