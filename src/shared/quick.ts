import { z } from 'zod';

/**
 * Quick-query presets and how a query is put together from what the user typed, the preset and
 * the context chip. One source of truth for the launcher, the tray and `npm run ask --preset`.
 * Placeholders: `{selection}` (the current selection) and `{clipboard}` (the clipboard's text).
 */
export const PresetSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(64),
  template: z.string().min(1).max(4000),
});
export type Preset = z.infer<typeof PresetSchema>;

export const DEFAULT_PRESETS: readonly Preset[] = [
  { id: 'explain', name: 'Explain', template: 'Explain this briefly:\n\n{selection}' },
  { id: 'translate', name: 'Translate to English', template: 'Translate into English. Answer with the translation only:\n\n{selection}' },
  { id: 'summarize', name: 'Summarize', template: 'Summarize in three bullet points:\n\n{selection}' },
  { id: 'fix-grammar', name: 'Fix grammar', template: 'Fix the grammar and spelling. Answer with the corrected text only:\n\n{selection}' },
];

export const QuickSettingsSchema = z
  .object({
    /** Answers are also spoken unless the user turns it off for one query. */
    spokenByDefault: z.boolean().default(false),
    presets: z.array(PresetSchema).max(32).default([...DEFAULT_PRESETS]),
  })
  .default({ spokenByDefault: false, presets: [...DEFAULT_PRESETS] });

export type ContextKind = 'selection' | 'clipboard';

/** Which context a preset's template asks for, in order of first use. */
export function presetNeeds(template: string): ContextKind[] {
  const found = [...template.matchAll(/\{(selection|clipboard)\}/g)].map((m) => m[1] as ContextKind);
  return [...new Set(found)];
}

export function findPreset(presets: readonly Preset[], nameOrId: string): Preset | undefined {
  const key = nameOrId.trim().toLowerCase();
  return presets.find((p) => p.id.toLowerCase() === key || p.name.toLowerCase() === key);
}

export interface QueryParts {
  typed: string;
  preset?: Preset | undefined;
  /** The context the user saw in the chip (absent once removed). */
  context?: { kind: ContextKind; text: string } | undefined;
}

/**
 * The text sent. With a preset, its template with the chip's text in the placeholder (empty when
 * the chip was removed), then what was typed; without one, what was typed, then the chip's text.
 */
export function composeQuery({ typed, preset, context }: QueryParts): string {
  const extra = typed.trim();
  if (preset) {
    // The chip fills its own placeholder; a template without it (e.g. {selection} while the user
    // attached the clipboard) takes the chip in its placeholders instead.
    const own = context ? presetNeeds(preset.template).includes(context.kind) : false;
    const filled = preset.template
      .replace(/\{(selection|clipboard)\}/g, (_m, kind: ContextKind) => (context && (!own || context.kind === kind) ? context.text : ''))
      .trim();
    return extra ? `${filled}\n\n${extra}` : filled;
  }
  if (context) return extra ? `${extra}\n\n${context.text}` : context.text;
  return extra;
}
