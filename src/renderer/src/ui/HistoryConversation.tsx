import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/ipc/contract';
import { useServices } from '../state/context';
import { formatUsd } from './money';

type Conversation = CallOutput<'history.get'>;

/** One stored conversation, read-only, with Continue, Export (Markdown) and Delete. */
export function HistoryConversation(props: { id: string; onBack: () => void; onContinued: () => void }) {
  const { store } = useServices();
  const [c, setC] = useState<Conversation | undefined>();
  useEffect(() => {
    let live = true;
    void store.run('Opening the conversation', () => store.api.history.get({ id: props.id })).then((x) => live && x && setC(x));
    return () => {
      live = false;
    };
  }, [store, props.id]);

  const continueIt = async () => {
    const ok = await store.run('Continuing the conversation', () => store.api.history.continue({ id: props.id }));
    if (ok) props.onContinued();
  };
  const exportIt = async () => {
    const out = await store.run('Exporting', () => store.api.history.export({ id: props.id }));
    if (!out) return;
    const url = URL.createObjectURL(new Blob([out.markdown], { type: 'text/markdown' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = out.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const deleteIt = async () => {
    if (!window.confirm('Delete this conversation?')) return;
    if (await store.run('Deleting', () => store.api.history.delete({ id: props.id }))) props.onBack();
  };

  return (
    <main className="history" data-testid="history-conversation" aria-labelledby="history-conv-title">
      <header className="history__bar">
        <h2 id="history-conv-title">{c?.title || 'Conversation'}</h2>
        <button type="button" data-testid="history-back" onClick={props.onBack}>
          Back
        </button>
      </header>
      {c && (
        <>
          <p className="history__meta">
            {c.kind} · {new Date(c.createdAt).toLocaleString()}
            {c.costUsd !== undefined && ` · ≈ ${formatUsd(c.costUsd)} (est.)`}
          </p>
          <div className="history__actions">
            <button type="button" data-testid="history-continue" onClick={() => void continueIt()}>
              Continue
            </button>
            <button type="button" data-testid="history-export" onClick={() => void exportIt()}>
              Export Markdown
            </button>
            <button type="button" className="danger" data-testid="history-delete" onClick={() => void deleteIt()}>
              Delete
            </button>
          </div>
          <section className="transcript transcript--readonly" aria-label="Stored conversation">
            {c.turns.map((t) =>
              t.kind === 'tool' ? (
                <article key={t.entryId} className="msg msg--tool" data-testid="stored-tool">
                  <header className="msg__who">Tool · {t.tool?.name}</header>
                  <p className="msg__text">{t.tool?.status}</p>
                </article>
              ) : (
                <article key={t.entryId} className={`msg msg--${t.role}`} data-testid={`stored-${t.role}`}>
                  <header className="msg__who">
                    {t.role === 'user' ? 'You' : 'Assistant'}
                    {t.source === 'voice' && <span className="msg__src"> · spoken</span>}
                  </header>
                  <p className="msg__text">{t.text}</p>
                  {(t.latencyMs !== undefined || t.costUsd !== undefined) && (
                    <p className="msg__metrics">
                      {[t.latencyMs !== undefined ? `${Math.round(t.latencyMs)} ms` : '', t.costUsd !== undefined ? `≈ ${formatUsd(t.costUsd)}` : '']
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  )}
                </article>
              ),
            )}
          </section>
        </>
      )}
    </main>
  );
}
