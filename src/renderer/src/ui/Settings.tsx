import { useState, type ReactNode } from 'react';
import { QuickPresetsSection } from './QuickPresetsSection';
import { useAppState, useServices } from '../state/context';
import { PendingChanges } from './PendingChanges';
import type { KeyStatus, Settings } from '../state/app-store';
import { ApiKeySection } from './ApiKeySection';
import { DevicesSection } from './DevicesSection';
import { DictationSection } from './DictationSection';
import { HistorySection } from './HistorySection';
import { EchoStatus } from './EchoStatus';
import { McpSection } from './McpSection';
import { ToolsSection } from './ToolsSection';
import { ScreenHeader } from './ScreenHeader';

/**
 * The settings screen. Edits go into a local draft and are sent as one patch on Save; main
 * validates, persists and echoes the result back (settings.changed), which becomes the new draft.
 */
export function SettingsScreen(props: { settings: Settings; keyStatus: KeyStatus | undefined; onClose: () => void }) {
  const { store } = useServices();
  const { tools, mcp, pendingChanges } = useAppState();
  const [draft, setDraft] = useState<Settings>(props.settings);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setAudio = (patch: Partial<Settings['audio']>) => setDraft((d) => ({ ...d, audio: { ...d.audio, ...patch } }));
  const setHotkeys = (patch: Partial<Settings['hotkeys']>) => setDraft((d) => ({ ...d, hotkeys: { ...d.hotkeys, ...patch } }));
  const setDictation = (patch: Partial<Settings['dictation']>) => setDraft((d) => ({ ...d, dictation: { ...d.dictation, ...patch } }));

  const save = async () => {
    setError(null);
    try {
      const next = await store.updateSettings({
        endpoint: draft.endpoint,
        model: draft.model,
        voice: draft.voice,
        ttsModel: draft.ttsModel,
        instructions: draft.instructions,
        mode: draft.mode,
        vadEagerness: draft.vadEagerness,
        vad: draft.vad,
        bargeInMs: draft.bargeInMs,
        hotkeys: draft.hotkeys,
        dictation: draft.dictation,
        audio: draft.audio,
        theme: draft.theme,
        launchAtLogin: draft.launchAtLogin,
        autoUpdate: draft.autoUpdate,
        allowEnvKey: draft.allowEnvKey,
        history: draft.history,
        pricing: draft.pricing,
        quick: draft.quick,
      });
      setDraft(next);
      setSaved('Saved.');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main className="settings" data-testid="settings-screen" aria-labelledby="settings-title">
      <ScreenHeader className="settings__head" titleId="settings-title" title="Settings" backTestId="close-settings" onBack={props.onClose} />
      <PendingChanges pending={pendingChanges} />
      <ApiKeySection status={props.keyStatus} />
      <fieldset className="section">
        <legend>Key from the environment</legend>
        <label className="check">
          <input type="checkbox" data-testid="allow-env-key" checked={draft.allowEnvKey} onChange={(e) => set('allowEnvKey', e.target.checked)} />
          Allow key from environment (INWORLD_API_KEY)
        </label>
        <span className="hint">
          For systems without a keychain: the app reads the key from the INWORLD_API_KEY variable it was started with. A key
          in the keychain takes precedence.
        </span>
      </fieldset>
      <fieldset className="section">
        <legend>Connection</legend>
        <Field label="Endpoint" hint="wss:// URL of the realtime session">
          <input data-testid="endpoint" value={draft.endpoint} onChange={(e) => set('endpoint', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Model">
          <input data-testid="model" value={draft.model} onChange={(e) => set('model', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Voice">
          <input data-testid="voice" value={draft.voice} onChange={(e) => set('voice', e.target.value)} />
        </Field>
        <Field label="Speech model (TTS)">
          <input data-testid="tts-model" value={draft.ttsModel} onChange={(e) => set('ttsModel', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Instructions">
          <textarea data-testid="instructions" rows={4} value={draft.instructions} onChange={(e) => set('instructions', e.target.value)} />
        </Field>
      </fieldset>
      <fieldset className="section">
        <legend>Turn taking</legend>
        <Field label="Mode">
          <select data-testid="settings-mode" value={draft.mode} onChange={(e) => set('mode', e.target.value as Settings['mode'])}>
            <option value="push-to-talk">Push-to-talk</option>
            <option value="hands-free">Hands-free (voice detection)</option>
          </select>
        </Field>
        <Field label="Voice detection eagerness" hint="Hands-free: how quickly a pause ends your turn">
          <select data-testid="vad-eagerness" value={draft.vadEagerness} onChange={(e) => set('vadEagerness', e.target.value as Settings['vadEagerness'])}>
            <option value="low">Low (allows long pauses)</option>
            <option value="medium">Medium</option>
            <option value="high">High (answers quickly)</option>
            <option value="auto">Auto</option>
          </select>
        </Field>
        <Field label="Voice detection" hint="Hands-free: semantic (Inworld's recommended) or silence-based">
          <select data-testid="vad-type" value={draft.vad} onChange={(e) => set('vad', e.target.value as Settings['vad'])}>
            <option value="semantic_vad">Semantic</option>
            <option value="server_vad">Silence-based</option>
          </select>
        </Field>
        <Num label="Interrupt after this much voice (ms, 0 = service decides)" testid="barge-in-ms" min={0} max={1000} value={draft.bargeInMs} onChange={(v) => set('bargeInMs', v)} />
        <EchoStatus mode={draft.mode} bargeInMs={draft.bargeInMs} />
      </fieldset>
      <fieldset className="section">
        <legend>Hotkeys</legend>
        <Field label="Talk" hint="Global shortcut, e.g. CommandOrControl+Shift+Space">
          <input data-testid="hotkey-talk" value={draft.hotkeys.talk} onChange={(e) => setHotkeys({ talk: e.target.value })} />
        </Field>
        <Field label="Talk key behaviour">
          <select
            data-testid="hotkey-behaviour"
            value={draft.hotkeys.talkBehaviour}
            onChange={(e) => setHotkeys({ talkBehaviour: e.target.value as Settings['hotkeys']['talkBehaviour'] })}
          >
            <option value="auto">Auto (tap toggles, hold talks)</option>
            <option value="hold">Hold to talk</option>
            <option value="toggle">Toggle</option>
          </select>
        </Field>
        <Field label="Quick ask">
          <input data-testid="hotkey-quick" value={draft.hotkeys.quickAsk} onChange={(e) => setHotkeys({ quickAsk: e.target.value })} />
        </Field>
      </fieldset>
      <DictationSection value={draft.dictation} onChange={setDictation} />
      <QuickPresetsSection quick={draft.quick} onChange={(quick) => set('quick', quick)} />
      <DevicesSection audio={draft.audio} onChange={setAudio} />
      <fieldset className="section">
        <legend>Capture</legend>
        <label className="check">
          <input type="checkbox" data-testid="warm-mic" checked={draft.audio.warmMic} onChange={(e) => setAudio({ warmMic: e.target.checked })} />
          Keep the microphone ready (pre-roll; the system mic indicator stays on)
        </label>
        <Num label="Pre-roll (ms)" testid="preroll" min={0} max={1000} value={draft.audio.prerollMs} onChange={(v) => setAudio({ prerollMs: v })} />
        <Num label="Release tail (ms)" testid="tail" min={0} max={500} value={draft.audio.tailMs} onChange={(v) => setAudio({ tailMs: v })} />
        <Num label="Frame (ms)" testid="frame" min={20} max={100} value={draft.audio.frameMs} onChange={(v) => setAudio({ frameMs: v })} />
      </fieldset>
      <HistorySection
        history={draft.history}
        pricing={draft.pricing}
        onHistory={(patch) => setDraft((d) => ({ ...d, history: { ...d.history, ...patch } }))}
        onPricing={(pricing) => set('pricing', pricing)}
      />
      <fieldset className="section">
        <legend>Startup</legend>
        <label className="check">
          <input type="checkbox" data-testid="launch-at-login" checked={draft.launchAtLogin} onChange={(e) => set('launchAtLogin', e.target.checked)} />
          Start at login, hidden in the tray
        </label>
        <label className="check">
          <input type="checkbox" data-testid="auto-update" checked={draft.autoUpdate} onChange={(e) => set('autoUpdate', e.target.checked)} />
          Keep Inworld Desk up to date (downloads new versions, installs them when you quit)
        </label>
      </fieldset>
      <fieldset className="section">
        <legend>Appearance</legend>
        <Field label="Theme">
          <select data-testid="theme" value={draft.theme} onChange={(e) => set('theme', e.target.value as Settings['theme'])}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Field>
      </fieldset>
      <p className="hint" data-testid="live-settings-hint">
        Tools and MCP servers below change at once; they do not need Save.
      </p>
      <ToolsSection settings={props.settings.tools} tools={tools} />
      <McpSection servers={props.settings.mcpServers} statuses={mcp} tools={tools} />
      <footer className="settings__foot">
        <button type="button" className="primary" data-testid="save-settings" onClick={() => void save()}>
          Save
        </button>
        <button type="button" data-testid="open-logs" onClick={() => void store.run('Opening the logs', () => store.api.logs.open())}>
          Open logs
        </button>
        {saved && !error && <span role="status">{saved}</span>}
        {error && (
          <span role="alert" className="hint--warn" data-testid="settings-error">
            {error}
          </span>
        )}
      </footer>
    </main>
  );
}

function Field(props: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      {props.children}
      {props.hint && <span className="hint">{props.hint}</span>}
    </label>
  );
}

function Num(props: { label: string; testid: string; min: number; max: number; value: number; onChange: (v: number) => void }) {
  return (
    <Field label={props.label}>
      <input
        type="number"
        data-testid={props.testid}
        min={props.min}
        max={props.max}
        step={10}
        value={props.value}
        onChange={(e) => {
          const v = Math.round(Number(e.target.value));
          if (Number.isFinite(v)) props.onChange(Math.max(props.min, Math.min(props.max, v)));
        }}
      />
    </Field>
  );
}
