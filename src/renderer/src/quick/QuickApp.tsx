import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { composeQuery, presetNeeds, type ContextKind, type Preset } from '../../../shared/quick';
import { Markdown } from './Markdown';
import type { QuickEntry, QuickStore } from './quick-store';

interface Chip {
  kind: ContextKind;
  text: string;
  truncated: boolean;
}

const PREVIEW_CHARS = 160;

/**
 * The launcher: one input (Enter sends, Shift+Enter new line; Esc clears, a second Esc hides),
 * hold-to-speak, presets whose context shows as a removable chip before anything is sent, and the
 * last exchange rendered as safe Markdown with its actions.
 */
export function QuickApp({ store }: { store: QuickStore }) {
  const s = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const api = store.api;
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [chip, setChip] = useState<Chip | undefined>();
  const [preset, setPreset] = useState<Preset | undefined>();
  const [spoken, setSpoken] = useState(false);
  const [status, setStatus] = useState<{ level: 'info' | 'error'; message: string } | undefined>();
  const [sending, setSending] = useState(false);

  // Every open: focus in the input at once; then the draft main kept.
  useEffect(() => input.current?.focus(), [s.openedAt, s.loaded]);
  useEffect(() => store.on('draft', setText), [store]);
  useEffect(() => store.on('spokenDefault', setSpoken), [store]);

  const saveDraft = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const edit = (value: string) => {
    setText(value);
    clearTimeout(saveDraft.current);
    saveDraft.current = setTimeout(() => void api.quick.saveDraft({ draft: value }).catch(() => undefined), 150);
  };

  const fail = (err: unknown) => setStatus({ level: 'error', message: err instanceof Error ? err.message : String(err) });

  const attach = useCallback(
    async (kind: ContextKind): Promise<Chip | undefined> => {
      const r = await api.quick.context({ kind });
      if (r.text === undefined) {
        setStatus({ level: 'error', message: r.reason ?? `The ${kind} cannot be read.` });
        return undefined;
      }
      const c = { kind, text: r.text, truncated: r.truncated ?? false };
      setChip(c);
      return c;
    },
    [api],
  );

  const choosePreset = useCallback(
    async (p: Preset) => {
      setStatus(undefined);
      setPreset(p);
      const needs = presetNeeds(p.template);
      if (needs[0]) await attach(needs[0]);
      input.current?.focus();
    },
    [attach],
  );

  // A preset picked from the tray arrives with the open.
  useEffect(
    () =>
      store.on('opened', (presetId) => {
        const p = presetId ? store.getSnapshot().presets.find((x) => x.id === presetId) : undefined;
        if (p) void choosePreset(p);
      }),
    [store, choosePreset],
  );

  const send = async () => {
    const query = composeQuery({ typed: text, preset, context: chip });
    if (!query || sending) return;
    setSending(true);
    setStatus(undefined);
    const typed = text;
    setText('');
    setChip(undefined);
    setPreset(undefined);
    try {
      const r = await api.quick.ask({ text: query, spoken });
      if (r.status === 'failed') setStatus({ level: 'error', message: 'The answer failed.' });
    } catch (err) {
      setText(typed); // nothing the user typed is lost
      fail(err);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      void escape();
    }
  };

  const escape = async () => {
    if (s.phase === 'thinking' || s.phase === 'speaking') return void api.quick.cancel().catch(fail);
    if (text || chip || preset || status) {
      setText('');
      setChip(undefined);
      setPreset(undefined);
      setStatus(undefined);
      void api.quick.saveDraft({ draft: '' }).catch(() => undefined);
      return;
    }
    await api.quick.hide({ draft: '' }).catch(fail);
  };

  // Esc anywhere in the page, not only in the input (e.g. after clicking an action).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && e.target !== input.current) {
        e.preventDefault();
        void escape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const copy = (t: string) =>
    void api.quick
      .copy({ text: t })
      .then(() => setStatus({ level: 'info', message: 'Copied.' }))
      .catch(fail);
  const act = (p: Promise<unknown>, done?: string) => void p.then(() => done && setStatus({ level: 'info', message: done })).catch(fail);

  const micDown = () => act(api.quick.voice({ action: 'start', spoken }));
  const micUp = () => {
    if (s.voice) act(api.quick.voice({ action: 'stop' }));
  };

  const answer = [...s.entries].reverse().find((e): e is QuickEntry & { kind: 'message' } => e.kind === 'message' && e.role === 'assistant');
  const last = s.entries.at(-1);
  // While speaking, and until the answer starts, the live transcript of the voice question shows in the input.
  const live = last && last.kind === 'message' && last.role === 'user' && last.source === 'voice' ? last.text : undefined;
  const busy = s.phase === 'thinking' || s.phase === 'speaking' || sending;

  return (
    <main className="quick-root" data-phase={s.phase}>
      <div className="quick-bar">
        <textarea
          id="q"
          ref={input}
          rows={Math.min(6, Math.max(1, (live ?? text).split('\n').length))}
          value={live ?? text}
          readOnly={live !== undefined}
          onChange={(e) => edit(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={s.voice ? 'Listening…' : 'Ask anything…'}
          maxLength={8000}
          aria-label="Question"
          autoFocus
        />
        <button
          type="button"
          className={`quick-mic${s.voice ? ' on' : ''}`}
          data-testid="quick-mic"
          aria-label="Hold to speak"
          aria-pressed={s.voice}
          onPointerDown={micDown}
          onPointerUp={micUp}
          onPointerLeave={micUp}
        >
          🎙
        </button>
      </div>
      <div className="quick-tools">
        <label className="quick-spoken">
          <input type="checkbox" data-testid="quick-spoken" checked={spoken} onChange={(e) => setSpoken(e.target.checked)} /> Speak the answer
        </label>
        {s.presets.map((p) => (
          <button key={p.id} type="button" className={`quick-preset${preset?.id === p.id ? ' on' : ''}`} data-testid={`preset-${p.id}`} onClick={() => void choosePreset(p)}>
            {p.name}
          </button>
        ))}
        {s.contextKinds.map((k) => (
          <button key={k} type="button" className="quick-attach" data-testid={`attach-${k}`} onClick={() => void attach(k)}>
            + {k === 'selection' ? 'Selection' : 'Clipboard'}
          </button>
        ))}
      </div>
      {chip && (
        <div className="quick-chip" data-testid="context-chip" data-kind={chip.kind}>
          <span className="quick-chip__kind">{chip.kind === 'selection' ? 'Selection' : 'Clipboard'}</span>
          <span className="quick-chip__preview" data-testid="context-preview">
            {chip.text.length > PREVIEW_CHARS ? `${chip.text.slice(0, PREVIEW_CHARS)}…` : chip.text}
            {chip.truncated ? ' (cut to fit)' : ''}
          </span>
          <button type="button" aria-label="Remove context" data-testid="context-remove" onClick={() => setChip(undefined)}>
            ×
          </button>
        </div>
      )}
      {status && (
        <p className={`quick-status ${status.level}`} role={status.level === 'error' ? 'alert' : 'status'} data-testid="quick-status">
          {status.message}
        </p>
      )}
      <section id="answer" className={busy ? 'busy' : ''} aria-live="polite" data-testid="quick-answer">
        {answer ? <Markdown source={answer.text} onCopy={copy} /> : busy ? <p className="quick-wait">Thinking…</p> : null}
        {answer?.interrupted && <p className="quick-note" data-testid="quick-interrupted">Stopped.</p>}
      </section>
      {answer && answer.final && (
        <div className="quick-actions">
          <button type="button" data-testid="act-copy" onClick={() => copy(answer.text)}>
            Copy
          </button>
          <button type="button" data-testid="act-insert" onClick={() => act(api.quick.insert({ text: answer.text }).then((r) => setStatus({ level: r.outcome === 'failed' ? 'error' : 'info', message: r.message })))}>
            {s.canInsert ? 'Insert' : 'Copy to paste'}
          </button>
          {s.canInsert && (
            <button type="button" data-testid="act-replace" onClick={() => act(api.quick.insert({ text: answer.text, replace: true }).then((r) => setStatus({ level: r.outcome === 'failed' ? 'error' : 'info', message: r.message })))}>
              Replace selection
            </button>
          )}
          <button type="button" data-testid="act-continue" onClick={() => act(api.quick.continue())}>
            Continue in window
          </button>
          <button type="button" data-testid="act-retry" onClick={() => act(api.quick.retry({ spoken }))}>
            Retry
          </button>
          <button type="button" data-testid="act-new" onClick={() => act(api.quick.reset())}>
            New
          </button>
        </div>
      )}
    </main>
  );
}
