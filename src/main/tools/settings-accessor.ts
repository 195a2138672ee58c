import type { Disposable } from '../../shared/disposable';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { ToolSettingsAccessor } from './ports';

/** The part of the shell's settings store the tools need (SettingsStorePort in src/main/services). */
export interface SettingsStoreLike {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  onDidChange(listener: (settings: Settings) => void): Disposable;
}

/** Adapts the settings store: a remembered approval becomes a validated, persisted policy patch. */
export function toolSettingsFromStore(store: SettingsStoreLike): ToolSettingsAccessor {
  return {
    get: () => store.get(),
    onDidChange: (listener) => store.onDidChange(() => listener()),
    setToolPolicy: (name, policy) => {
      store.update({ tools: { policies: { ...store.get().tools.policies, [name]: policy } } });
    },
  };
}
