import type { CallHandlers, EventPayload } from '../../../shared/ipc/contract';
import { CallFailure } from '../../../shared/ipc/call-result';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings';
import type { SettingsStorePort, ToolRuntimePort } from '../ports';
import { privilegedChanges } from './privileged-changes';
import type { PendingChange, SettingsGuard } from './settings-guard';
import { mergePatch } from './settings-store';

type PrivilegedCallNames = 'settings.update' | 'tools.setPolicy' | 'approval.respond';

export interface PrivilegedCallsDeps {
  settings: SettingsStorePort;
  tools?: ToolRuntimePort;
  /** Main's own confirmation (native dialog). Without one, every privileged request is refused. */
  guard?: SettingsGuard;
}

/**
 * The bridge calls through which the page could widen what the app may do — settings that move the
 * key or spawn programs, "allow" tool policies, approvals of dangerous or remembered actions. The
 * page can only ask: each is confirmed in main (SettingsGuard's dialog) or refused.
 */
export class PrivilegedCalls {
  /** Open approval requests, to know what an answer from the page would allow. */
  private readonly openApprovals = new Map<string, EventPayload<'approval.request'>>();

  constructor(private readonly deps: PrivilegedCallsDeps) {}

  approvalOpened(request: EventPayload<'approval.request'>): void {
    this.openApprovals.set(request.requestId, request);
  }

  approvalResolved(requestId: string): void {
    this.openApprovals.delete(requestId);
  }

  readonly handlers: Pick<CallHandlers, PrivilegedCallNames> = {
    'settings.update': (patch) => this.requestSettings(patch as SettingsPatch),
    'tools.setPolicy': async ({ name, policy }) => {
      if (policy === 'allow' && !(await this.confirm('Allow a tool without asking', [`Run the tool ${name} without asking`]))) {
        throw new CallFailure(`${name} still asks before it runs: the change was not confirmed.`);
      }
      if (this.deps.tools) await this.deps.tools.setPolicy(name, policy);
      else {
        const policies = { ...this.deps.settings.get().tools.policies, [name]: policy };
        this.deps.settings.update({ tools: { policies } });
      }
      return { ok: true };
    },
    'approval.respond': ({ requestId, decision, remember }) => {
      const respond = () => {
        if (!this.deps.tools?.respondApproval(requestId, decision, remember ?? false)) {
          throw new CallFailure('That approval request is no longer open.');
        }
        return { ok: true as const };
      };
      const request = this.openApprovals.get(requestId);
      if (decision !== 'allow' || !request || !(remember || request.risk === 'dangerous')) return respond();
      // Allowing something dangerous, or "always", is confirmed in main's own dialog, not by the page.
      const what = [`${request.tool}: ${request.summary}`, ...(remember ? [`and run ${request.tool} without asking from now on`] : [])];
      return this.confirm('Allow this action', what).then((yes) => {
        if (!yes) throw new CallFailure('Not allowed: the action was not confirmed in the Inworld Desk dialog.');
        return respond();
      });
    },
  };

  private requestSettings(patch: SettingsPatch): { settings: Settings; pending?: PendingChange } {
    if (this.deps.guard) return this.deps.guard.request(patch);
    const before = this.deps.settings.get();
    const after = SettingsSchema.safeParse(mergePatch(before, patch));
    if (after.success && privilegedChanges(before, after.data).length > 0) {
      throw new CallFailure('This change needs your confirmation in the app, which this host cannot ask for.');
    }
    return { settings: this.deps.settings.update(patch) };
  }

  private confirm(title: string, changes: string[]): Promise<boolean> {
    return this.deps.guard ? this.deps.guard.confirm(title, changes) : Promise.resolve(false);
  }
}
