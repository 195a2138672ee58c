import { describe, expect, it } from 'vitest';
import { defaultSettings, SettingsPatchSchema, SettingsSchema } from '../../src/shared/settings';

describe('settings schema', () => {
  it('fills every default for a fresh install', () => {
    const s = defaultSettings();
    expect(s.audio.frameMs).toBe(40);
    expect(s.audio.prerollMs).toBe(300);
    expect(s.mode).toBe('push-to-talk');
    expect(s.onboardingDone).toBe(false);
  });

  it('a patch carries only what it names: no defaults sneak in to reset other settings', () => {
    expect(SettingsPatchSchema.parse({ voice: 'Sarah' })).toEqual({ voice: 'Sarah' });
    expect(SettingsPatchSchema.parse({ audio: { tailMs: 0 } })).toEqual({ audio: { tailMs: 0 } });
    expect(SettingsPatchSchema.parse({})).toEqual({});
  });

  it('a patch is still validated field by field', () => {
    expect(SettingsPatchSchema.safeParse({ audio: { frameMs: 10 } }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ endpoint: 'http://example.com' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ mode: 'shouting' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ hotkeys: { talkBehaviour: 'hold' } }).success).toBe(true);
  });

  it('rejects out-of-range stored values', () => {
    expect(SettingsSchema.safeParse({ audio: { prerollMs: 5000 } }).success).toBe(false);
  });
});
