import { useEffect } from 'react';
import { useAppState, useAudioState, useServices } from '../state/context';
import { statusOf } from '../state/status';
import type { Settings } from '../state/app-store';
import { Banners } from './Banners';
import { Composer } from './Composer';
import { HistoryScreen } from './HistoryScreen';
import { LevelMeter } from './LevelMeter';
import { Onboarding } from './Onboarding';
import { SettingsScreen } from './Settings';
import { StatusBar } from './StatusBar';
import { TalkButton, useSpaceToTalk, useTalk } from './TalkButton';
import { Transcript } from './Transcript';
import { useTheme } from './theme';

/** Screens: loading → onboarding (first run) → conversation ⇄ settings. */
export function App() {
  const app = useAppState();
  const audio = useAudioState();
  const { audio: engine, store } = useServices();
  const screen = app.screen;
  const setScreen = (next: typeof screen) => store.showScreen(next);
  useTheme(app.settings?.theme);
  useEffect(() => {
    if (app.settings) engine?.applySettings(app.settings);
  }, [engine, app.settings]);

  const status = statusOf(app.session, audio?.capturingTurn != null, app.approvals.length > 0);
  // Main holds a turn's audio while it (re)connects, so talking need not wait for 'ready'.
  const live = app.session.status === 'ready' || app.session.status === 'reconnecting' || app.session.status === 'connecting';
  const canTalk = live && app.session.mode === 'push-to-talk';
  const talk = useTalk(!canTalk);
  useSpaceToTalk(screen === 'conversation' && canTalk, talk.press, talk.release);

  if (!app.loaded) {
    return (
      <p className="loading" data-testid="loading" role="status">
        Starting…
      </p>
    );
  }
  if (app.loadError || !app.settings) {
    return (
      <p className="banner banner--error" role="alert" data-testid="load-error">
        Could not reach the app core: {app.loadError ?? 'no settings'}
      </p>
    );
  }
  if (!app.settings.onboardingDone) return <Onboarding app={app} />;
  if (screen === 'settings') {
    return <SettingsScreen key={draftKey(app.settings)} settings={app.settings} keyStatus={app.keyStatus} onClose={() => setScreen('conversation')} />;
  }
  if (screen === 'history') {
    return <HistoryScreen version={app.historyVersion} problem={app.historyStatus?.problem} onClose={() => setScreen('conversation')} />;
  }
  return (
    <div className="app" data-testid="main-screen">
      <StatusBar app={app} status={status} onSettings={() => setScreen('settings')} onHistory={() => setScreen('history')} />
      <Banners app={app} audio={audio} onSettings={() => setScreen('settings')} />
      <Transcript entries={app.entries} metrics={app.metrics} approvals={app.approvals} />
      <footer className="controls">
        {app.session.mode === 'push-to-talk' ? (
          <TalkButton {...talk} disabled={!canTalk} listening={audio?.capturingTurn != null} />
        ) : (
          <p className="handsfree" data-testid="handsfree-hint">
            Hands-free: just speak. {status === 'speaking' ? 'Speak to interrupt.' : ''}
          </p>
        )}
        <LevelMeter capture={audio?.capture} />
        {app.ptt?.hotkey.registered && (
          <span className="hint" data-testid="hotkey-hint">
            Anywhere: {app.ptt.hotkey.accelerator.replace('CommandOrControl', 'Ctrl')} ({hotkeyWord(app.ptt.hotkey.behaviour, app.ptt.hotkey.holdSupported)})
          </span>
        )}
        {status === 'speaking' && (
          <button type="button" data-testid="stop" onClick={() => void store.run('Stop', () => store.api.session.interrupt())}>
            Stop
          </button>
        )}
        <Composer disabled={app.session.status !== 'ready'} />
      </footer>
    </div>
  );
}

/**
 * The settings screen restarts its draft when main reports other values. Tools and MCP servers are
 * edited live (not through the draft), so their changes must not reset the form or move the focus.
 */
function draftKey(settings: Settings): string {
  const { tools: _tools, mcpServers: _mcp, ...rest } = settings;
  return JSON.stringify(rest);
}

function hotkeyWord(behaviour: 'auto' | 'hold' | 'toggle', holdSupported: boolean): string {
  if (behaviour === 'toggle' || !holdSupported) return 'press to start, again to send';
  return behaviour === 'hold' ? 'hold to talk' : 'hold to talk, or tap to toggle';
}
