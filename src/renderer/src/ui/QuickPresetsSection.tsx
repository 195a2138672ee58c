import type { Preset } from '../../../shared/quick';

interface Props {
  quick: { spokenByDefault: boolean; presets: Preset[] };
  onChange(quick: { spokenByDefault: boolean; presets: Preset[] }): void;
}

/**
 * The launcher's settings: whether answers are spoken by default, and its presets — name and
 * template, where {selection} and {clipboard} stand for the context shown (and removable) before
 * sending. Saved with the rest of the settings screen.
 */
export function QuickPresetsSection({ quick, onChange }: Props) {
  const setPreset = (i: number, patch: Partial<Preset>) =>
    onChange({ ...quick, presets: quick.presets.map((p, n) => (n === i ? { ...p, ...patch } : p)) });
  const add = () =>
    onChange({ ...quick, presets: [...quick.presets, { id: `custom-${Date.now().toString(36)}`, name: 'New preset', template: 'Rewrite this more politely:\n\n{selection}' }] });
  return (
    <fieldset className="section" data-testid="quick-presets">
      <legend>Launcher</legend>
      <label className="check">
        <input type="checkbox" data-testid="quick-spoken-default" checked={quick.spokenByDefault} onChange={(e) => onChange({ ...quick, spokenByDefault: e.target.checked })} />
        Also speak launcher answers by default
      </label>
      {quick.presets.map((p, i) => (
        <div key={p.id} className="preset-row" data-testid={`quick-preset-${p.id}`}>
          <input aria-label="Preset name" value={p.name} maxLength={64} onChange={(e) => setPreset(i, { name: e.target.value })} />
          <textarea aria-label="Preset template ({selection}, {clipboard})" rows={2} value={p.template} maxLength={4000} onChange={(e) => setPreset(i, { template: e.target.value })} />
          <button type="button" aria-label={`Remove ${p.name}`} onClick={() => onChange({ ...quick, presets: quick.presets.filter((_, n) => n !== i) })}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" data-testid="quick-preset-add" onClick={add} disabled={quick.presets.length >= 32}>
        Add preset
      </button>
    </fieldset>
  );
}
