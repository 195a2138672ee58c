import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/ipc/contract';
import { snippetParts } from '../../../shared/history';
import { useServices } from '../state/context';
import { HistoryConversation } from './HistoryConversation';
import { ScreenHeader } from './ScreenHeader';

type Summary = CallOutput<'history.list'>[number];
type Hit = CallOutput<'history.search'>[number];

const KIND_LABEL: Record<Summary['kind'], string> = { voice: 'Voice', quick: 'Quick query', dictation: 'Dictation' };

/** Stored conversations: the list (newest first), search with highlighted matches, one opened read-only. */
export function HistoryScreen(props: { version: number; problem?: string | undefined; onClose: () => void }) {
  const { store } = useServices();
  const [list, setList] = useState<Summary[] | undefined>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | undefined>();
  const [openId, setOpenId] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    void store.run('Loading the history', () => store.api.history.list({})).then((l) => live && l && setList(l));
    return () => {
      live = false;
    };
  }, [store, props.version]);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let live = true;
    // A short pause so each keystroke does not search; results of an older query are dropped.
    const t = setTimeout(() => {
      void store.run('Searching', () => store.api.history.search({ text: q })).then((h) => live && h && setHits(h));
    }, 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [store, query, props.version]);

  if (openId) return <HistoryConversation id={openId} onBack={() => setOpenId(undefined)} onContinued={props.onClose} />;

  const deleteAll = async () => {
    if (!window.confirm('Delete every stored conversation? This cannot be undone.')) return;
    await store.run('Deleting the history', () => store.api.history.deleteAll());
  };

  return (
    <main className="history" data-testid="history-screen" aria-labelledby="history-title">
      <ScreenHeader className="history__bar" titleId="history-title" title="History" backTestId="history-close" onBack={props.onClose} />
      {props.problem && (
        <p className="banner banner--error" role="alert" data-testid="history-problem">
          {props.problem}
        </p>
      )}
      <input
        type="search"
        className="history__search"
        data-testid="history-search"
        aria-label="Search all conversations"
        placeholder="Search all conversations"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim() && hits ? (
        <ul className="history__list" data-testid="history-hits" aria-label="Search results">
          {hits.length === 0 && <li className="history__empty">No matches.</li>}
          {hits.map((h) => (
            <li key={`${h.conversationId}:${h.entryId}`}>
              <button type="button" className="history__item" data-testid="history-hit" onClick={() => setOpenId(h.conversationId)}>
                <span className="history__title">{h.title || KIND_LABEL[h.kind]}</span>
                <span className="history__snippet">
                  {snippetParts(h.snippet).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                </span>
                <span className="history__meta">
                  {KIND_LABEL[h.kind]} · {new Date(h.createdAt).toLocaleString()}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <ul className="history__list" data-testid="history-list" aria-label="Conversations">
          {list?.length === 0 && <li className="history__empty">Nothing stored yet.</li>}
          {list?.map((c) => (
            <li key={c.id}>
              <button type="button" className="history__item" data-testid="history-item" data-kind={c.kind} onClick={() => setOpenId(c.id)}>
                <span className="history__title">{c.title || KIND_LABEL[c.kind]}</span>
                <span className="history__meta">
                  <span data-testid="history-kind">{KIND_LABEL[c.kind]}</span> · {new Date(c.updatedAt).toLocaleString()} · {c.turnCount} turns
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list && list.length > 0 && (
        <button type="button" className="danger" data-testid="history-delete-all" onClick={() => void deleteAll()}>
          Delete all
        </button>
      )}
    </main>
  );
}
