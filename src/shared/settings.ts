import { z } from 'zod';
import { DEFAULT_HISTORY_SETTINGS, DEFAULT_PRICE_TABLE, HistorySettingsSchema, PriceTableSchema } from './history-settings';
import { QuickSettingsSchema } from './quick';

/**
 * User settings, shared by main (persists and validates them) and the renderer (edits them).
 * The API key is NOT a setting: it lives only in main, behind safeStorage.
 */
export const DEFAULT_ENDPOINT = 'wss://api.inworld.ai/api/v1/realtime/session';

/**
 * The launcher's key: Alt+Shift+Space is not taken by browsers, editors, terminals or desktops we
 * know of (the old Ctrl+Shift+K is Firefox's console and VS Code's delete-line).
 */
export const DEFAULT_QUICK_ASK_HOTKEY = 'Alt+Shift+Space';
export const LEGACY_QUICK_ASK_HOTKEY = 'CommandOrControl+Shift+K';

export const TurnModeSchema = z.enum(['push-to-talk', 'hands-free']);
export const HotkeyBehaviourSchema = z.enum(['auto', 'hold', 'toggle']);
export const ToolPolicySchema = z.enum(['allow', 'ask', 'never']);

export const DictationModeSchema = z.enum(['insert', 'copy-only', 'insert-and-keep']);

/** Per window class (X11 WM_CLASS class, lowercased): how dictated text lands there. */
export const DictationAppRuleSchema = z.object({
  mode: DictationModeSchema.optional(),
  autoEnter: z.boolean().optional(),
});

/**
 * Dictation (speak anywhere, the words land in the focused app). The default hotkey uses three
 * modifiers so it clashes with no common app on any platform (browsers, IDEs, terminals, desktops).
 */
export const DictationSettingsSchema = z.object({
  hotkey: z.string().max(100).default('CommandOrControl+Alt+Shift+D'),
  behaviour: HotkeyBehaviourSchema.default('auto'),
  pasteLastHotkey: z.string().max(100).default('CommandOrControl+Alt+Shift+L'),
  mode: DictationModeSchema.default('insert'),
  perApp: z.record(z.string().max(200), DictationAppRuleSchema).default({}),
  /** Names and jargon, comma- or line-separated: sent as the transcription prompt. */
  vocabulary: z.string().max(2000).default(''),
  /** Transcription language; empty = the app's language setting. */
  language: z.string().max(16).default(''),
  removeFillers: z.boolean().default(true),
  replacements: z.array(z.object({ from: z.string().min(1).max(200), to: z.string().max(200) })).max(200).default([]),
});
export type DictationSettings = z.infer<typeof DictationSettingsSchema>;

/**
 * An MCP server's environment value as settings hold it: a reference to the value, which main keeps
 * encrypted (src/main/services/security/mcp-secrets.ts); neither settings.json nor the page sees it.
 */
export const MCP_SECRET_PREFIX = '\u2022secret:';
export function isSecretRef(v: string): boolean {
  return v.startsWith(MCP_SECRET_PREFIX);
}

export const McpServerConfigSchema = z.discriminatedUnion('transport', [
  z.object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    enabled: z.boolean().default(true),
    transport: z.literal('stdio'),
    command: z.string().min(1).max(1024),
    args: z.array(z.string().max(4096)).max(64).default([]),
    env: z.record(z.string(), z.string().max(8192)).default({}),
  }),
  z.object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    enabled: z.boolean().default(true),
    transport: z.literal('http'),
    url: z.string().url().max(2048),
  }),
]);
export type McpServerConfig = z.infer<typeof McpServerConfigSchema>;

export const SettingsSchema = z.object({
  endpoint: z
    .string()
    .max(2048)
    .refine((u) => /^wss?:\/\//.test(u), 'must be a ws:// or wss:// URL')
    .default(DEFAULT_ENDPOINT),
  model: z.string().min(1).max(200).default('openai/gpt-4.1-mini'),
  voice: z.string().min(1).max(200).default('Clive'),
  ttsModel: z.string().min(1).max(200).default('inworld-tts-2'),
  transcriptionModel: z.string().min(1).max(200).default('inworld/inworld-stt-1'),
  language: z.string().max(16).default('en'),
  instructions: z
    .string()
    .max(20_000)
    .default('You are a concise desktop voice assistant. Answer in at most three short sentences.'),
  mode: TurnModeSchema.default('push-to-talk'),
  vadEagerness: z.enum(['low', 'medium', 'high', 'auto']).default('medium'),
  /** Hands-free turn detection (§2.4): Inworld's recommended semantic VAD, or energy/silence VAD. */
  vad: z.enum(['semantic_vad', 'server_vad']).default('semantic_vad'),
  /** Hands-free: ms of sustained voice that interrupt an answer (0 = the server's VAD decides). */
  bargeInMs: z.number().int().min(0).max(1000).default(250),
  hotkeys: z
    .object({
      talk: z.string().max(100).default('CommandOrControl+Shift+Space'),
      talkBehaviour: HotkeyBehaviourSchema.default('auto'),
      quickAsk: z.string().max(100).default(DEFAULT_QUICK_ASK_HOTKEY),
    })
    .default({ talk: 'CommandOrControl+Shift+Space', talkBehaviour: 'auto', quickAsk: DEFAULT_QUICK_ASK_HOTKEY }),
  audio: z
    .object({
      inputDeviceId: z.string().max(512).default(''),
      inputDeviceLabel: z.string().max(512).default(''),
      outputDeviceId: z.string().max(512).default(''),
      outputDeviceLabel: z.string().max(512).default(''),
      frameMs: z.number().int().min(20).max(100).default(40),
      prerollMs: z.number().int().min(0).max(1000).default(300),
      tailMs: z.number().int().min(0).max(500).default(150),
      warmMic: z.boolean().default(true),
    })
    .default({
      inputDeviceId: '',
      inputDeviceLabel: '',
      outputDeviceId: '',
      outputDeviceLabel: '',
      frameMs: 40,
      prerollMs: 300,
      tailMs: 150,
      warmMic: true,
    }),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  launchAtLogin: z.boolean().default(false),
  startHidden: z.boolean().default(false),
  /** Check for, download and install new versions (packaged AppImage, dmg and nsis installs only). */
  autoUpdate: z.boolean().default(true),
  /** Linux without a keychain: the user may opt into reading INWORLD_API_KEY from the environment. */
  allowEnvKey: z.boolean().default(false),
  tools: z
    .object({
      policies: z.record(z.string(), ToolPolicySchema).default({}),
      allowedFolders: z.array(z.string().max(4096)).max(64).default([]),
      runCommandEnabled: z.boolean().default(false),
    })
    .default({ policies: {}, allowedFolders: [], runCommandEnabled: false }),
  mcpServers: z.array(McpServerConfigSchema).max(32).default([]),
  quick: QuickSettingsSchema,
  onboardingDone: z.boolean().default(false),
  dictation: DictationSettingsSchema.default(() => DictationSettingsSchema.parse({})),
  /** No event of an in-flight answer for this long → it is cancelled with "the server stopped answering" (0 = never). */
  responseTimeoutSec: z.number().int().min(0).max(600).default(30),
  /** Stored conversations (src/main/history): how long to keep them; audio only when asked. */
  history: HistorySettingsSchema.default(DEFAULT_HISTORY_SETTINGS),
  /** Per-model prices for the cost shown beside each turn's latency; editable, defaults are estimates. */
  pricing: PriceTableSchema.default(DEFAULT_PRICE_TABLE),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A deep-partial patch as the renderer, the tray or a test sends it; main merges, validates and
 * persists. Built from the same field schemas with their defaults removed: a zod default inside a
 * patch would fill every missing field and silently reset the user's other settings.
 */
function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

function partialWithoutDefaults<T extends z.ZodRawShape>(shape: T) {
  return z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, withoutDefault(v as z.ZodType).optional()])));
}

const NESTED = ['hotkeys', 'audio', 'tools', 'dictation', 'history', 'quick'] as const;

export const SettingsPatchSchema = partialWithoutDefaults(SettingsSchema.shape).extend(
  Object.fromEntries(
    NESTED.map((k) => [k, partialWithoutDefaults((withoutDefault(SettingsSchema.shape[k]) as z.ZodObject).shape).optional()]),
  ),
) as unknown as z.ZodType<DeepPartialSettings>;

type DeepPartialSettings = {
  [K in keyof Settings]?: K extends (typeof NESTED)[number] ? Partial<Settings[K]> : Settings[K];
};
export type SettingsPatch = DeepPartialSettings;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
