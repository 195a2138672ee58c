import type { AssistantApi } from '../../../shared/ipc/bridge-api';
import type { EventPayload } from '../../../shared/ipc/contract';
import type { Preset } from '../../../shared/quick';

/**
 * What the launcher page shows, mirrored from main's quick-ask service: its own conversation's
 * entries, the phase, the draft, what the platform offers. One immutable snapshot for
 * useSyncExternalStore; main stays the source of truth.
 */
export type QuickEntry = EventPayload<'quick.entry'>;
export type QuickState = EventPayload<'quick.state'>;

export interface QuickSnapshot {
  loaded: boolean;
  phase: QuickState['phase'];
  voice: boolean;
  entries: QuickEntry[];
  draft: string;
  /** Bumped whenever main's draft is (re)read, so the page puts it in the input. */
  draftAt: number;
  canInsert: boolean;
  contextKinds: QuickState['contextKinds'];
  presets: Preset[];
  spokenByDefault: boolean;
  /** Bumped on every open, so the page refocuses and re-reads its draft. */
  openedAt: number;
  openedPreset?: string;
}

export class QuickStore {
  private snap: QuickSnapshot = {
    loaded: false,
    phase: 'idle',
    voice: false,
    entries: [],
    draft: '',
    draftAt: 0,
    canInsert: false,
    contextKinds: [],
    presets: [],
    spokenByDefault: false,
    openedAt: 0,
  };
  private readonly listeners = new Set<() => void>();

  constructor(readonly api: AssistantApi) {
    api.quick.onEntry((e) => this.upsert(e));
    api.quick.onState((s) => this.applyState(s));
    api.quick.onOpened((o) => {
      // Focus first (the input is ready at once), then the draft main kept (it may have expired).
      this.set({ openedAt: o.at, ...(o.presetId ? { openedPreset: o.presetId } : { openedPreset: undefined }) });
      void api.quick.state().then((s) => this.applyState(s, true));
    });
    api.settings.onChanged((s) => this.set({ presets: s.quick.presets, spokenByDefault: s.quick.spokenByDefault }));
  }

  async init(): Promise<void> {
    const [state, settings] = await Promise.all([this.api.quick.state(), this.api.settings.get()]);
    this.applyState(state, true);
    this.set({ loaded: true, presets: settings.quick.presets, spokenByDefault: settings.quick.spokenByDefault });
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): QuickSnapshot => this.snap;

  private applyState(s: QuickState, withDraft = false): void {
    this.set({
      phase: s.phase,
      voice: s.voice,
      entries: s.entries,
      canInsert: s.canInsert,
      contextKinds: s.contextKinds,
      ...(withDraft ? { draft: s.draft, draftAt: this.snap.draftAt + 1 } : {}),
    });
  }

  private upsert(e: QuickEntry): void {
    const at = this.snap.entries.findIndex((x) => x.id === e.id);
    const entries = at >= 0 ? this.snap.entries.map((x, i) => (i === at ? e : x)) : [...this.snap.entries, e];
    this.set({ entries });
  }

  private set(patch: Partial<QuickSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }
}
