import { useState } from 'react';
import type { Settings } from '../state/app-store';

/** Settings: how long conversations are kept, whether audio is, and the price table behind the costs. */
export function HistorySection(props: {
  history: Settings['history'];
  pricing: Settings['pricing'];
  onHistory: (patch: Partial<Settings['history']>) => void;
  onPricing: (pricing: Settings['pricing']) => void;
}) {
  const { history, pricing } = props;
  const [newModel, setNewModel] = useState('');
  const today = new Date().toISOString().slice(0, 10);
  // Any edit makes the table the user's own: no longer the shipped estimate, dated today.
  const setPrice = (model: string, price: Settings['pricing']['models'][string] | undefined) => {
    const models = { ...pricing.models };
    if (price) models[model] = price;
    else delete models[model];
    props.onPricing({ asOf: today, estimate: false, models });
  };
  return (
    <>
      <fieldset className="section" data-testid="history-settings">
        <legend>History</legend>
        <label className="field">
          <span className="field__label">Keep conversations</span>
          <select
            data-testid="history-retention"
            value={history.retention}
            onChange={(e) => props.onHistory({ retention: e.target.value as Settings['history']['retention'] })}
          >
            <option value="forever">Forever</option>
            <option value="days">For a number of days</option>
            <option value="off">Don&apos;t keep (deletes what is stored)</option>
          </select>
        </label>
        {history.retention === 'days' && (
          <label className="field">
            <span className="field__label">Days</span>
            <input
              type="number"
              data-testid="history-days"
              min={1}
              max={3650}
              value={history.days}
              onChange={(e) => props.onHistory({ days: Math.max(1, Math.min(3650, Math.round(Number(e.target.value) || 1))) })}
            />
          </label>
        )}
        <label className="check">
          <input type="checkbox" data-testid="history-keep-audio" checked={history.keepAudio} onChange={(e) => props.onHistory({ keepAudio: e.target.checked })} />
          Also keep the assistant&apos;s audio (off: text only)
        </label>
      </fieldset>
      <fieldset className="section" data-testid="price-table">
        <legend>Prices (USD per million tokens)</legend>
        <span className="hint">
          {pricing.estimate ? `Estimates as of ${pricing.asOf}: the model's list price only, not your Inworld bill.` : `Your prices, as of ${pricing.asOf}.`}
        </span>
        {Object.entries(pricing.models).map(([model, p]) => (
          <div key={model} className="price-row" data-testid="price-row">
            <span className="price-row__model">{model}</span>
            <input type="number" min={0} step="0.01" aria-label={`${model} input price`} value={p.inputPerMTok} onChange={(e) => setPrice(model, { ...p, inputPerMTok: Math.max(0, Number(e.target.value) || 0) })} />
            <input type="number" min={0} step="0.01" aria-label={`${model} output price`} value={p.outputPerMTok} onChange={(e) => setPrice(model, { ...p, outputPerMTok: Math.max(0, Number(e.target.value) || 0) })} />
            <button type="button" onClick={() => setPrice(model, undefined)} aria-label={`Remove ${model}`}>
              Remove
            </button>
          </div>
        ))}
        <div className="price-row">
          <input data-testid="price-new-model" placeholder="model id, e.g. openai/gpt-4.1-mini" value={newModel} onChange={(e) => setNewModel(e.target.value)} />
          <button
            type="button"
            disabled={!newModel.trim() || newModel.trim() in pricing.models}
            onClick={() => {
              setPrice(newModel.trim(), { inputPerMTok: 0, outputPerMTok: 0 });
              setNewModel('');
            }}
          >
            Add model
          </button>
        </div>
      </fieldset>
    </>
  );
}
