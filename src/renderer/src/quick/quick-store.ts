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
  canInsert: boolean;
  contextKinds: QuickState['contextKinds'];
  presets: Preset[];
  spokenByDefault: boolean;
  /** Bumped on every open, so the page refocuses and re-reads its draft. */
  openedAt: number;
}

export class QuickStore {
  private snap: QuickSnapshot = {
    loaded: false,
    phase: 'idle',
    voice: false,
    entries: [],
    draft: '',
    canInsert: false,
    contextKinds: [],
    presets: [],
    spokenByDefault: false,
    openedAt: 0,
  };
  private readonly listeners = new Set<() => void>();
  /** Moments the page acts on (fill the input, apply a preset), as callbacks rather than state. */
  private readonly moments = { draft: new Set<(draft: string) => void>(), opened: new Set<(presetId?: string) => void>(), spokenDefault: new Set<(on: boolean) => void>() };

  constructor(readonly api: AssistantApi) {
    api.quick.onEntry((e) => this.upsert(e));
    api.quick.onState((s) => this.applyState(s));
    api.quick.onOpened((o) => {
      // Focus first (the input is ready at once), then the draft main kept (it may have expired).
      this.set({ openedAt: o.at });
      for (const l of this.moments.opened) l(o.presetId);
      void api.quick.state().then((s) => this.applyState(s, true));
    });
    api.settings.onChanged((s) => this.applySettings(s.quick));
  }

  async init(): Promise<void> {
    const [state, settings] = await Promise.all([this.api.quick.state(), this.api.settings.get()]);
    this.applyState(state, true);
    this.applySettings(settings.quick);
    this.set({ loaded: true });
  }

  on<K extends keyof QuickStore['moments']>(kind: K, listener: Parameters<QuickStore['moments'][K]['add']>[0]): () => void {
    const set = this.moments[kind] as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private applySettings(q: { presets: Preset[]; spokenByDefault: boolean }): void {
    const changed = q.spokenByDefault !== this.snap.spokenByDefault;
    this.set({ presets: q.presets, spokenByDefault: q.spokenByDefault });
    if (changed) for (const l of this.moments.spokenDefault) l(q.spokenByDefault);
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
      ...(withDraft ? { draft: s.draft } : {}),
    });
    if (withDraft) for (const l of this.moments.draft) l(s.draft);
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
