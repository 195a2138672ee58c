import type { StoredConversation, StoredTurn } from '../../shared/history';

/**
 * A stored conversation as Markdown: a heading with kind and date, then each turn in order with
 * its time, tool calls with their arguments and output as fenced blocks, and per answer the
 * latency, tokens and estimated cost that were measured.
 */
export function conversationToMarkdown(c: StoredConversation, timeZone?: string): string {
  const when = (ms: number) => formatTime(ms, timeZone);
  const lines: string[] = [
    `# ${escapeInline(c.title || 'Untitled conversation')}`,
    '',
    `- Kind: ${c.kind}`,
    `- Started: ${when(c.createdAt)}`,
    `- Last turn: ${when(c.updatedAt)}`,
    `- Turns: ${c.turns.length}`,
  ];
  if (c.costUsd !== undefined) lines.push(`- Estimated cost: ${formatUsd(c.costUsd)}`);
  lines.push('');
  for (const t of c.turns) lines.push(...turnLines(t, when), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function exportFilename(c: StoredConversation): string {
  const date = new Date(c.createdAt).toISOString().slice(0, 10);
  const slug = (c.title || c.kind).normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 50).toLowerCase();
  return `${date}-${slug || 'conversation'}.md`;
}

function turnLines(t: StoredTurn, when: (ms: number) => string): string[] {
  if (t.kind === 'tool' && t.tool) {
    const out = [`### Tool call: \`${t.tool.name}\` (${t.tool.status}) · ${when(t.createdAt)}`, '', 'Arguments:', '', fence(prettyJson(t.tool.argumentsJson), 'json')];
    if (t.tool.output !== undefined) out.push('', 'Output:', '', fence(t.tool.output));
    return out;
  }
  const who = t.role === 'user' ? `You${t.source === 'voice' ? ' (spoken)' : ''}` : t.role === 'assistant' ? 'Assistant' : t.role;
  const head = `### ${who} · ${when(t.createdAt)}${t.interrupted ? ' · interrupted' : ''}`;
  const figures: string[] = [];
  if (t.latencyMs !== undefined) figures.push(`latency ${Math.round(t.latencyMs)} ms`);
  if (t.inputTokens !== undefined || t.outputTokens !== undefined) figures.push(`${t.inputTokens ?? 0} in / ${t.outputTokens ?? 0} out tokens`);
  if (t.costUsd !== undefined) figures.push(`≈ ${formatUsd(t.costUsd)}`);
  const body = t.text.trim() ? t.text.split('\n').map((l) => (l.startsWith('#') ? `\\${l}` : l)) : ['_(no text)_'];
  return [head, '', ...body, ...(figures.length ? ['', `_${figures.join(' · ')}_`] : [])];
}

function fence(text: string, lang = ''): string {
  // A fence longer than any backtick run inside, so tool output cannot break out of the block.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}

function escapeInline(s: string): string {
  return s.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

export function formatUsd(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(2)}`;
}

function formatTime(ms: number, timeZone?: string): string {
  return new Date(ms).toLocaleString('en-GB', { timeZone, year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
