/**
 * A one-tool runtime for the host, so the renderer's tool cards and approval buttons can be driven
 * end to end without the real tool system: `delete_note` always asks for approval.
 */
import type { ToolRuntimePort } from '../../../../src/main/services/ports';
import type { ToolCallUpdate } from '../../../../src/main/tools/tool-executor';
import { toDisposable } from '../../../../src/shared/disposable';

export function approvalTools(): ToolRuntimePort {
  const updates = new Set<(u: ToolCallUpdate) => void>();
  const requests = new Set<Parameters<ToolRuntimePort['onApprovalRequest']>[0]>();
  const resolved = new Set<Parameters<ToolRuntimePort['onApprovalResolved']>[0]>();
  const waiting = new Map<string, (d: 'allow' | 'deny') => void>();
  let seq = 0;
  const emit = (u: ToolCallUpdate) => updates.forEach((l) => l(u));
  return {
    executor: {
      definitions: () => [
        { type: 'function', name: 'delete_note', description: 'Delete a note by title.', parameters: { type: 'object', properties: { title: { type: 'string' } } } },
      ],
      onDefinitionsChanged: () => toDisposable(() => undefined),
      onCallUpdate: (l) => {
        updates.add(l);
        return toDisposable(() => updates.delete(l));
      },
      async execute(call) {
        const base = { callId: call.callId, name: call.name, argumentsJson: call.argumentsJson };
        const requestId = `req-${++seq}`;
        emit({ ...base, status: 'pending-approval' });
        const decision = await new Promise<'allow' | 'deny'>((resolve) => {
          waiting.set(requestId, resolve);
          const title = (JSON.parse(call.argumentsJson || '{}') as { title?: string }).title ?? '?';
          requests.forEach((l) =>
            l({ requestId, callId: call.callId, tool: call.name, argumentsJson: call.argumentsJson, risk: 'write', summary: `Delete the note "${title}"`, expiresAt: Date.now() + 60_000 }),
          );
        });
        resolved.forEach((l) => l({ requestId, decision }));
        if (decision === 'deny') {
          emit({ ...base, status: 'denied', output: 'The user denied this action.' });
          return 'The user denied this action.';
        }
        emit({ ...base, status: 'running' });
        const output = 'Deleted the note.';
        emit({ ...base, status: 'done', output });
        return output;
      },
    },
    list: () => [{ name: 'delete_note', description: 'Delete a note by title.', risk: 'write', policy: 'ask', source: 'test', enabled: true }],
    setPolicy: () => Promise.resolve(),
    respondApproval(requestId, decision) {
      const w = waiting.get(requestId);
      if (!w) return false;
      waiting.delete(requestId);
      w(decision);
      return true;
    },
    mcpStatus: () => [],
    onMcpStatus: () => toDisposable(() => undefined),
    onApprovalRequest: (l) => {
      requests.add(l);
      return toDisposable(() => requests.delete(l));
    },
    onApprovalResolved: (l) => {
      resolved.add(l);
      return toDisposable(() => resolved.delete(l));
    },
  };
}
