/**
 * A small Markdown reader for answers: blocks (fenced code, headings, lists, quotes, paragraphs)
 * and inline spans (code, bold, italic, links). It produces data, never HTML: the renderer turns it
 * into React elements, so any `<script>` or other markup in an answer stays literal text. The same
 * parse gives the plain text that "Insert" types into another application.
 */
export type Inline =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'code'; readonly text: string }
  | { readonly t: 'strong'; readonly text: string }
  | { readonly t: 'em'; readonly text: string }
  | { readonly t: 'link'; readonly text: string; readonly href: string };

export type Block =
  | { readonly type: 'code'; readonly lang: string; readonly text: string }
  | { readonly type: 'heading'; readonly level: number; readonly inline: Inline[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly items: Inline[][] }
  | { readonly type: 'quote'; readonly inline: Inline[] }
  | { readonly type: 'para'; readonly inline: Inline[] };

const FENCE = /^\s*(```|~~~)\s*([\w+#.-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ type: 'para', inline: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      // An unclosed fence (a streaming answer) runs to the end, shown as code so far.
      while (++i < lines.length && !new RegExp(`^\\s*${fence[1]}\\s*$`).test(lines[i] as string)) body.push(lines[i] as string);
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, inline: parseInline(heading[2] ?? '') });
      continue;
    }
    const listItem = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (listItem) {
      flush();
      const ordered = NUMBERED.test(line);
      const items: Inline[][] = [];
      for (; i < lines.length; i++) {
        const m = (ordered ? NUMBERED : BULLET).exec(lines[i] as string);
        if (!m) break;
        items.push(parseInline(m[1] ?? ''));
      }
      i--;
      blocks.push({ type: 'list', ordered, items });
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      flush();
      const body: string[] = [];
      for (; i < lines.length; i++) {
        const m = QUOTE.exec(lines[i] as string);
        if (!m) break;
        body.push(m[1] ?? '');
      }
      i--;
      blocks.push({ type: 'quote', inline: parseInline(body.join(' ')) });
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line.trim());
  }
  flush();
  return blocks;
}

// Underscore emphasis only at word edges, so identifiers like `window.__name` stay plain text.
const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|(?<!\w)__([^_]+)__(?!\w)|\*([^*\s][^*]*)\*|(?<!\w)_([^_\s][^_]*)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ t: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ t: 'code', text: m[1] });
    // Spans do not nest here: code marks inside bold/italic are dropped, their text kept.
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ t: 'strong', text: ((m[2] ?? m[3]) as string).replace(/`/g, '') });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ t: 'em', text: ((m[4] ?? m[5]) as string).replace(/`/g, '') });
    else out.push({ t: 'link', text: m[6] as string, href: m[7] as string });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ t: 'text', text: text.slice(last) });
  return out;
}

/** Only these link targets are ever offered (opened by main in the browser, never in our window). */
export function isSafeHref(href: string): boolean {
  return /^https?:\/\//i.test(href);
}

const plainInline = (spans: readonly Inline[]) => spans.map((s) => s.text).join('');

/** The answer as plain text, for pasting into another application. */
export function stripMarkdown(source: string): string {
  return parseMarkdown(source)
    .map((b) => {
      switch (b.type) {
        case 'code':
          return b.text;
        case 'list':
          return b.items.map((it, n) => `${b.ordered ? `${n + 1}.` : '-'} ${plainInline(it)}`).join('\n');
        default:
          return plainInline(b.inline);
      }
    })
    .join('\n\n');
}
