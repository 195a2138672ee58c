import type { DictationSettings } from '../../shared/settings';
import type { InsertMode, InsertTarget } from './text-inserter';

/**
 * Per-app behaviour keyed by window class (X11 WM_CLASS class part, lowercased): a class rule wins
 * over the global mode; auto-Enter is off unless a class asks for it. No target known → the global
 * mode, since a per-app rule cannot be matched.
 */
export interface ResolvedRule {
  mode: InsertMode;
  autoEnter: boolean;
}

export function ruleFor(target: InsertTarget | undefined, s: Pick<DictationSettings, 'mode' | 'perApp'>): ResolvedRule {
  const cls = target?.windowClass.toLowerCase();
  const rule = cls ? (s.perApp[cls] ?? Object.entries(s.perApp).find(([k]) => k.toLowerCase() === cls)?.[1]) : undefined;
  return { mode: rule?.mode ?? s.mode, autoEnter: rule?.autoEnter ?? false };
}
