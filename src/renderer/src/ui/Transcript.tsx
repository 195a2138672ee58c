import { memo, useEffect, useRef, useState } from 'react';
import type { Approval, Entry, Metrics } from '../state/app-store';
import { formatUsd } from './money';
import { ToolCard } from './ToolCard';

/**
 * Entries rendered at first, and added per "Show earlier": the window stays open all day, and every
 * rendered turn is DOM (a tool card is ~24 nodes and a listener), so a long hands-free session would
 * otherwise grow the page until the store's cap (MAX_ENTRIES); ~65 turns fill a screen many times.
 */
export const RENDERED_ENTRIES = 200;

/**
 * The conversation as it streams: both sides, rewritten in place when main upserts an entry
 * (user transcription may change as the recogniser revises it).
 */
// Memoised: the mic level re-renders the app ~16 times a second; the transcript only changes with entries.
export const Transcript = memo(function Transcript(props: { entries: Entry[]; metrics: Record<string, Metrics>; approvals: Approval[] }) {
  const end = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(RENDERED_ENTRIES);
  const { metrics, approvals } = props;
  const hidden = Math.max(0, props.entries.length - shown);
  const entries = hidden > 0 ? props.entries.slice(hidden) : props.entries;
  // A new conversation starts from the short window again (state adjusted during render, not in an effect).
  if (props.entries.length === 0 && shown !== RENDERED_ENTRIES) setShown(RENDERED_ENTRIES);
  const last = entries.at(-1);
  const lastKey = last ? `${last.id}:${last.kind === 'message' ? last.text.length : last.status}` : '';
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [lastKey, approvals.length]);
  return (
    <section className="transcript" aria-label="Conversation" aria-live="polite" data-testid="transcript">
      {entries.length === 0 && (
        <p className="transcript__empty">Hold the talk button (or Space) and speak, or type below.</p>
      )}
      {hidden > 0 && (
        <button type="button" className="transcript__earlier" data-testid="show-earlier" onClick={() => setShown((n) => n + RENDERED_ENTRIES)}>
          Show {Math.min(hidden, RENDERED_ENTRIES)} earlier of {hidden}
        </button>
      )}
      {entries.map((e) =>
        e.kind === 'message' ? (
          <Message key={e.id} entry={e} metrics={e.role === 'assistant' && e.responseId ? metrics[e.responseId] : undefined} />
        ) : (
          <ToolCard key={e.id} entry={e} approval={approvals.find((a) => a.callId === e.callId)} />
        ),
      )}
      {approvals
        .filter((a) => !entries.some((e) => e.kind === 'tool' && e.callId === a.callId))
        .map((a) => (
          <ToolCard key={a.requestId} approval={a} />
        ))}
      <div ref={end} />
    </section>
  );
});

function Message({ entry, metrics }: { entry: Extract<Entry, { kind: 'message' }>; metrics?: Metrics }) {
  const who = entry.role === 'user' ? 'You' : entry.role === 'assistant' ? 'Assistant' : 'System';
  return (
    <article
      className={`msg msg--${entry.role} ${entry.final ? '' : 'msg--streaming'}`}
      data-testid={`msg-${entry.role}`}
      data-final={entry.final}
      data-entry-id={entry.id}
    >
      <header className="msg__who">
        {who}
        {entry.source === 'voice' && <span className="msg__src"> · spoken</span>}
      </header>
      <p className="msg__text">{entry.text || (entry.final ? '' : '…')}</p>
      {entry.interrupted && (
        <p className="msg__note" data-testid="interrupted">
          Interrupted{entry.heardMs !== undefined ? ` after ${(entry.heardMs / 1000).toFixed(1)} s` : ''}
        </p>
      )}
      {metrics && <TurnFigures m={metrics} />}
    </article>
  );
}

function TurnFigures({ m }: { m: Metrics }) {
  const parts: string[] = [];
  if (m.latencyMs !== undefined) parts.push(`${Math.round(m.latencyMs)} ms to first audio`);
  if (m.usage?.inputTokens !== undefined) parts.push(`${m.usage.inputTokens} in`);
  if (m.usage?.outputTokens !== undefined) parts.push(`${m.usage.outputTokens} out`);
  if (m.usage?.totalTokens !== undefined) parts.push(`${m.usage.totalTokens} tokens`);
  if (m.costUsd !== undefined) parts.push(`≈ ${formatUsd(m.costUsd)} (est.)`);
  if (m.status !== 'completed') parts.push(m.status);
  if (m.error) parts.push(m.error);
  return (
    <p className="msg__metrics" data-testid="turn-metrics">
      {parts.join(' · ')}
    </p>
  );
}
