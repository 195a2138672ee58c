/**
 * How the command-line tools take the API key: from INWORLD_API_KEY or, with --key-stdin, the first
 * line of stdin — never from argv, which every user of the machine can read (ps, /proc/<pid>/cmdline).
 */
export const KEY_IN_ARGV_REFUSED =
  '--key was removed: a key in the command line is visible to every user of this machine. Set INWORLD_API_KEY, or pipe it in with --key-stdin';

/** The first line of `input` (at most 8 KiB read), trimmed. */
export async function firstLine(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.includes('\n') || text.length > 8192) break;
  }
  return text.split(/\r?\n/)[0]!.trim();
}
