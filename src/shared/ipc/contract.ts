import { z } from 'zod';
import { DictationEntrySchema, DictationOutcomeSchema, DictationStatusSchema, DictationViewSchema } from '../dictation';
import {
  ConnectionStateSchema,
  ConversationEntrySchema,
  NoticeLevelSchema,
  TurnMetricsSchema,
} from '../conversation';
import { SettingsPatchSchema, SettingsSchema, ToolPolicySchema, TurnModeSchema } from '../settings';
import {
  ConversationKindSchema,
  ConversationSummarySchema,
  HistoryStatusSchema,
  SearchHitSchema,
  StoredConversationSchema,
} from '../history';

/**
 * The one bridge contract between the renderer and main. Every call is request → response with a
 * runtime schema for both sides; every event is main → renderer with a schema for its payload.
 * The preload turns this table into verbs (`assistant.session.connect()`, `assistant.ptt.onState(cb)`),
 * the main side registers one validated handler per call, and the test host implements the same
 * table over a local WebSocket. Audio does not travel here: see ./audio-messages.ts.
 */

const None = z.undefined();
const Ok = z.object({ ok: z.literal(true) });

/** Running cost totals for the status bar; estimates from the user's price table. */
export const UsageTotalsSchema = z.object({
  sessionUsd: z.number(),
  dayUsd: z.number(),
  /** The price table still holds the shipped estimates (not the user's own prices). */
  estimate: z.boolean(),
  asOf: z.string(),
});

const ConversationIdSchema = z.object({ id: z.string().min(1).max(100) });

export const KeyStatusSchema = z.object({
  /** A key is available to main (keychain or, if allowed, the environment). */
  set: z.boolean(),
  source: z.enum(['keychain', 'env', 'none']),
  /** Whether this OS offers a real keychain for safeStorage (false for Linux basic_text). */
  secureStorageAvailable: z.boolean(),
  /** Explains a refusal or a weak setup, for the settings screen. */
  warning: z.string().optional(),
});

export const ToolInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  risk: z.enum(['read', 'write', 'dangerous']),
  policy: ToolPolicySchema,
  source: z.string(),
  enabled: z.boolean(),
});

export const McpServerStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['stopped', 'starting', 'running', 'crashed', 'backoff', 'disabled']),
  toolCount: z.number(),
  error: z.string().optional(),
  stderrTail: z.string(),
  restarts: z.number(),
});

export const ApprovalRequestSchema = z.object({
  requestId: z.string(),
  callId: z.string(),
  tool: z.string(),
  argumentsJson: z.string(),
  risk: z.enum(['read', 'write', 'dangerous']),
  /** What exactly will happen, in words (e.g. the command line to run). */
  summary: z.string(),
  expiresAt: z.number(),
});

export const PttStateSchema = z.object({
  active: z.boolean(),
  source: z.enum(['hotkey', 'window', 'tray', 'none']),
  /** How the global hotkey is wired: hold needs a native hook, toggle works everywhere. */
  hotkey: z.object({
    accelerator: z.string(),
    behaviour: z.enum(['auto', 'hold', 'toggle']),
    registered: z.boolean(),
    holdSupported: z.boolean(),
    problem: z.string().optional(),
  }),
});

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  demo: z.boolean(),
  /** Which host runs the renderer: the app or the browser test host. Informational only. */
  host: z.enum(['electron', 'test-host']),
});

/** A privileged settings change waiting for the user's answer in main's own dialog. */
export const PendingChangeSchema = z.object({ id: z.string(), changes: z.array(z.string()) });
/** The quick-ask launcher as its page shows it (its own conversation, not the main one). */
export const QuickStateSchema = z.object({
  phase: z.enum(['idle', 'listening', 'thinking', 'speaking']),
  /** The draft kept while the launcher was hidden (cleared after a few minutes). */
  draft: z.string(),
  entries: z.array(ConversationEntrySchema),
  visible: z.boolean(),
  voice: z.boolean(),
  /** Whether Insert can type into the previous app (else it only copies). */
  canInsert: z.boolean(),
  /** Context kinds readable without touching the clipboard (X11: both). */
  contextKinds: z.array(z.enum(['selection', 'clipboard'])),
});
const QuickContextSchema = z.object({ kind: z.enum(['selection', 'clipboard']) });

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const calls = {
  'app.info': call(None, AppInfoSchema),
  /** Tray "Quick ask": a text-only turn; the answer comes back here and as a notification. */
  'app.quickAsk': call(z.object({ text: z.string().trim().min(1).max(2000) }), z.object({ answer: z.string() })),
  'quick.state': call(None, QuickStateSchema),
  /** Sends one query in the launcher's own conversation; resolves when the answer is complete. */
  'quick.ask': call(
    z.object({ text: z.string().trim().min(1).max(8000), spoken: z.boolean().optional() }),
    z.object({ answer: z.string(), status: z.enum(['completed', 'cancelled', 'failed', 'incomplete']) }),
  ),
  'quick.retry': call(z.object({ spoken: z.boolean().optional() }), Ok),
  'quick.cancel': call(None, Ok),
  'quick.saveDraft': call(z.object({ draft: z.string().max(8000) }), Ok),
  /** Hides the launcher (cancelling a streaming answer) and gives focus back to the previous app. */
  'quick.hide': call(z.object({ draft: z.string().max(8000) }), Ok),
  /** Forgets the exchange: the next query starts a new conversation. */
  'quick.reset': call(None, Ok),
  /** Moves the exchange into the main conversation (same item ids) and shows the main window. */
  'quick.continue': call(None, Ok),
  'quick.context': call(QuickContextSchema, z.object({ text: z.string().optional(), truncated: z.boolean().optional(), reason: z.string().optional() })),
  'quick.copy': call(z.object({ text: z.string().min(1).max(100_000) }), Ok),
  /** Types the answer (Markdown stripped) into the app that had focus; `replace` overwrites its selection. */
  'quick.insert': call(
    z.object({ text: z.string().min(1).max(100_000), replace: z.boolean().optional() }),
    z.object({ outcome: z.enum(['inserted', 'copied', 'unconfirmed', 'failed']), message: z.string() }),
  ),
  'quick.voice': call(z.object({ action: z.enum(['start', 'stop']), spoken: z.boolean().optional() }), Ok),
  'session.state': call(None, ConnectionStateSchema),
  'session.connect': call(None, Ok),
  'session.disconnect': call(None, Ok),
  'session.sendText': call(z.object({ text: z.string().trim().min(1).max(8000) }), Ok),
  'session.setMode': call(z.object({ mode: TurnModeSchema }), Ok),
  'session.interrupt': call(None, Ok),
  /** Ask for the answer again after "the server stopped answering". */
  'session.retry': call(None, Ok),
  'conversation.list': call(None, z.array(ConversationEntrySchema)),
  'conversation.clear': call(None, Ok),
  'ptt.press': call(None, Ok),
  'ptt.release': call(None, Ok),
  'ptt.state': call(None, PttStateSchema),
  'settings.get': call(None, SettingsSchema),
  /** Privileged parts (endpoint, MCP servers, run_command, folders, "allow") only apply once main's dialog says yes. */
  'settings.update': call(SettingsPatchSchema, z.object({ settings: SettingsSchema, pending: PendingChangeSchema.optional() })),
  'apiKey.status': call(None, KeyStatusSchema),
  'apiKey.set': call(z.object({ key: z.string().trim().min(8).max(4096) }), KeyStatusSchema),
  'apiKey.clear': call(None, KeyStatusSchema),
  'tools.list': call(None, z.array(ToolInfoSchema)),
  'tools.setPolicy': call(z.object({ name: z.string().min(1).max(200), policy: ToolPolicySchema }), Ok),
  'approval.respond': call(
    z.object({ requestId: z.string().min(1).max(100), decision: z.enum(['allow', 'deny']), remember: z.boolean().optional() }),
    Ok,
  ),
  'mcp.list': call(None, z.array(McpServerStatusSchema)),
  'logs.open': call(None, Ok),
  // Dictation (src/main/dictation): the list with copy / insert again, the overlay's state and cancel.
  'dictation.list': call(None, z.array(DictationEntrySchema)),
  'dictation.state': call(None, DictationViewSchema),
  'dictation.status': call(None, DictationStatusSchema),
  'dictation.toggle': call(None, Ok),
  'dictation.cancel': call(None, Ok),
  /** The overlay's pointer is over its cancel button (main then lets that window take clicks). */
  'dictation.overlayHover': call(z.object({ over: z.boolean() }), Ok),
  'dictation.pasteLast': call(None, DictationOutcomeSchema),
  'dictation.insertAgain': call(z.object({ id: z.string().min(1).max(100) }), DictationOutcomeSchema),
  'dictation.copy': call(z.object({ id: z.string().min(1).max(100) }), DictationOutcomeSchema),
  /** A fresh model context: a new realtime session; the old conversation stays in the history. */
  'conversation.new': call(None, Ok),
  'history.list': call(
    z.object({ limit: z.number().int().min(1).max(1000).optional(), offset: z.number().int().min(0).optional(), kind: ConversationKindSchema.optional() }).optional(),
    z.array(ConversationSummarySchema),
  ),
  'history.search': call(z.object({ text: z.string().max(500), limit: z.number().int().min(1).max(500).optional() }), z.array(SearchHitSchema)),
  'history.get': call(ConversationIdSchema, StoredConversationSchema),
  /** Continue a stored conversation: a new realtime session seeded with its text (trimmed to a budget). */
  'history.continue': call(ConversationIdSchema, Ok),
  'history.export': call(ConversationIdSchema, z.object({ filename: z.string(), markdown: z.string() })),
  'history.delete': call(ConversationIdSchema, Ok),
  'history.deleteAll': call(None, z.object({ deleted: z.number() })),
  'history.status': call(None, HistoryStatusSchema),
  'usage.totals': call(None, UsageTotalsSchema),
} as const;

export const events = {
  'session.state': ConnectionStateSchema,
  'conversation.entry': ConversationEntrySchema,
  /** A streaming message (already sent whole by 'conversation.entry') grew by `append`. */
  'conversation.delta': z.object({ id: z.string(), append: z.string() }),
  'conversation.cleared': z.object({}),
  'turn.metrics': TurnMetricsSchema,
  'ptt.state': PttStateSchema,
  'approval.request': ApprovalRequestSchema,
  'approval.resolved': z.object({ requestId: z.string(), decision: z.enum(['allow', 'deny', 'timeout']) }),
  /** `action`: the notice offers a button (retry-response → session.retry). */
  'notice': z.object({ level: NoticeLevelSchema, message: z.string(), action: z.enum(['retry-response']).optional() }),
  'settings.changed': SettingsSchema,
  /** The privileged changes still waiting for confirmation in main (empty when none). */
  'settings.pending': z.object({ pending: z.array(PendingChangeSchema) }),
  'mcp.status': z.array(McpServerStatusSchema),
  'quick.entry': ConversationEntrySchema,
  'quick.state': QuickStateSchema,
  /** The launcher was opened (hotkey, tray, command line): focus the input; maybe start a preset. */
  'quick.opened': z.object({ presetId: z.string().optional(), at: z.number() }),
  /** Main asks the window to show a screen (e.g. the tray's "Settings" item). */
  'ui.navigate': z.object({ screen: z.enum(['conversation', 'settings', 'history']) }),
  /** The stored history changed (a conversation saved, deleted, retention applied). */
  'history.changed': z.object({}),
  'history.status': HistoryStatusSchema,
  'usage.totals': UsageTotalsSchema,
  'dictation.state': DictationViewSchema,
  'dictation.entry': DictationEntrySchema,
  'dictation.status': DictationStatusSchema,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

/** What a main-side handler receives: the input after schema parsing (defaults applied, strings trimmed). */
export type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;

/**
 * Who made a bridge call, as far as main can tell. Electron fills it from `event.senderFrame`; the
 * test host from the WebSocket upgrade request (a socket has no frames, so it is always "top").
 */
export interface CallSender {
  /** URL of the calling frame; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  /** False for any iframe: only our own top-level document may talk to main. */
  isMainFrame: boolean;
  /** Stable id of the sending renderer (webContents id or socket id), for logs. */
  senderId: number;
}

/** Main's implementation of the contract: one handler per call. */
export type CallHandlers = {
  [N in CallName]: (input: ParsedInput<N>, sender: CallSender) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** Error shape every failed call resolves to on the renderer side (thrown as BridgeError). */
export const BridgeErrorSchema = z.object({
  code: z.enum(['bad_sender', 'bad_payload', 'unknown_call', 'failed']),
  message: z.string(),
});
export type BridgeErrorInfo = z.infer<typeof BridgeErrorSchema>;

/** The IPC channel names, derived from the contract so there is one source of truth. */
export const IPC_CALL_PREFIX = 'assistant:call:';
export const IPC_EVENT_PREFIX = 'assistant:event:';
export const IPC_AUDIO_PORT = 'assistant:audio-port';

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
