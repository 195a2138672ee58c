/**
 * Builds the TextInserter the decision table picked for this desktop. The composition root calls
 * it once with the probes and the clipboard port; Settings shows `plan.reason`.
 */
import type { TextInserter } from './text-inserter';
import { planInsertion, type InsertionPlan, type PlatformFacts } from './insertion-platform';
import { CopyOnlyInserter, type ClipboardWriter } from './copy-only-inserter';
import { X11TextInserter, type X11InserterOptions } from './x11/x11-text-inserter';

export interface PlatformInserter {
  readonly plan: InsertionPlan;
  readonly inserter: TextInserter;
}

export function createPlatformInserter(facts: PlatformFacts, clipboard: ClipboardWriter, x11: X11InserterOptions = {}): PlatformInserter {
  const plan = planInsertion(facts);
  const inserter = plan.method === 'x11-xtest' ? new X11TextInserter({ display: facts.env.DISPLAY, ...x11 }) : new CopyOnlyInserter(clipboard, plan.reason);
  return { plan, inserter };
}
