import { useState } from 'react';
import { useServices } from '../state/context';
import type { Approval, Entry } from '../state/app-store';

type ToolEntry = Extract<Entry, { kind: 'tool' }>;

const STATUS_WORD: Record<ToolEntry['status'], string> = {
  'pending-approval': 'Waiting for your approval',
  running: 'Running…',
  done: 'Done',
  failed: 'Failed',
  denied: 'Denied',
  cancelled: 'Cancelled',
};

/** A tool call: what the model asked for, what came back, and approve/deny when main asks. */
export function ToolCard({ entry, approval }: { entry?: ToolEntry; approval?: Approval }) {
  const name = entry?.name ?? approval?.tool ?? 'tool';
  const args = entry?.argumentsJson ?? approval?.argumentsJson ?? '';
  return (
    <article className={`tool tool--${entry?.status ?? 'pending-approval'}`} data-testid="tool-card" data-tool={name}>
      <header className="tool__head">
        <span className="tool__name">{name}</span>
        <span className="tool__status" data-testid="tool-status">
          {entry ? STATUS_WORD[entry.status] : STATUS_WORD['pending-approval']}
        </span>
      </header>
      <details open={!!approval}>
        <summary>Arguments</summary>
        <pre className="tool__pre" data-testid="tool-args">
          {pretty(args)}
        </pre>
      </details>
      {entry?.output !== undefined && (
        <details>
          <summary>Result</summary>
          <pre className="tool__pre" data-testid="tool-output">
            {entry.output}
          </pre>
        </details>
      )}
      {approval && <ApprovalPrompt approval={approval} />}
    </article>
  );
}

function ApprovalPrompt({ approval }: { approval: Approval }) {
  const { store } = useServices();
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const respond = async (decision: 'allow' | 'deny') => {
    setBusy(true);
    await store.run('Answering the approval', () => store.api.approval.respond({ requestId: approval.requestId, decision, remember }));
    setBusy(false);
  };
  return (
    <div className={`approval approval--${approval.risk}`} role="group" aria-label={`Approve ${approval.tool}?`}>
      <p className="approval__summary" data-testid="approval-summary">
        {approval.summary}
      </p>
      <label className="approval__remember">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember for this tool
      </label>
      <div className="approval__buttons">
        <button type="button" data-testid="approve" disabled={busy} onClick={() => void respond('allow')}>
          Approve
        </button>
        <button type="button" data-testid="deny" disabled={busy} onClick={() => void respond('deny')}>
          Deny
        </button>
      </div>
    </div>
  );
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
