import type { PendingChange } from '../state/app-store';

/**
 * Privileged changes the page asked for and main is asking the user about in its own dialog. The
 * page can neither answer nor dismiss this: it goes when main reports the dialog was answered.
 */
export function PendingChanges(props: { pending: PendingChange[] }) {
  if (props.pending.length === 0) return null;
  return (
    <div className="banner banner--warn" role="status" data-testid="pending-banner">
      <strong>Waiting for your confirmation in the Inworld Desk dialog:</strong>
      <ul>
        {props.pending.flatMap((p) => p.changes.map((c, i) => <li key={`${p.id}-${i}`}>{c}</li>))}
      </ul>
    </div>
  );
}
