import { createBuiltinTools } from '../../../src/main/tools/builtin';
import type { ApprovalBroker, ApprovalRequest } from '../../../src/main/tools/approval-broker';
import { ToolRuntime } from '../../../src/main/tools/tool-runtime';
import { staticToolSource } from '../../../src/main/tools/tool-source';
import { MemorySettings, recordingPorts, tempDir, type RecordingPorts } from './helpers';

export interface BuiltinHarness {
  runtime: ToolRuntime;
  settings: MemorySettings;
  ports: RecordingPorts;
  /** Every approval prompt shown; the harness answers `decision` (allow by default). */
  requests: ApprovalRequest[];
  setDecision(d: 'allow' | 'deny'): void;
  dataDir: string;
  cleanup(): void;
}

/** All built-in tools behind a real runtime, with an approver that answers at once. */
export function builtinHarness(opts: { defaultTimeoutMs?: number } = {}): BuiltinHarness {
  const data = tempDir('tools-data-');
  const settings = new MemorySettings();
  const ports = recordingPorts(data.dir);
  const requests: ApprovalRequest[] = [];
  let decision: 'allow' | 'deny' = 'allow';
  const approvals: ApprovalBroker = {
    request: async (req) => {
      requests.push(req);
      return { decision };
    },
  };
  const runtime = new ToolRuntime({ settings, approvals, sources: [staticToolSource(createBuiltinTools(ports, settings))], ...opts });
  return {
    runtime,
    settings,
    ports,
    requests,
    setDecision: (d) => {
      decision = d;
    },
    dataDir: data.dir,
    cleanup: () => {
      runtime.dispose();
      data.cleanup();
    },
  };
}
