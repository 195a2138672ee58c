import type { CallHandlers } from '../../shared/ipc/contract';
import type { QuickAskService } from './quick-ask-service';

type QuickCalls = Extract<keyof CallHandlers, `quick.${string}`>;

/** The launcher's bridge calls, each one line onto the service (validated by the dispatcher). */
export function quickHandlers(quick: () => QuickAskService): Pick<CallHandlers, QuickCalls> {
  const ok = { ok: true } as const;
  return {
    'quick.state': () => quick().state(),
    'quick.ask': ({ text, spoken }) => quick().ask(text, spoken),
    'quick.retry': async ({ spoken }) => (await quick().retry(spoken), ok),
    'quick.cancel': async () => (await quick().cancel(), ok),
    'quick.saveDraft': ({ draft }) => (quick().saveDraft(draft), ok),
    'quick.hide': async ({ draft }) => (await quick().hide(draft), ok),
    'quick.reset': async () => (await quick().reset(), ok),
    'quick.continue': async () => (await quick().continueInMain(), ok),
    'quick.context': ({ kind }) => quick().readContext(kind),
    'quick.copy': ({ text }) => (quick().copy(text), ok),
    'quick.insert': ({ text }) => quick().insert(text),
    'quick.voice': async ({ action, spoken }) => (await quick().voice(action, spoken), ok),
  };
}
