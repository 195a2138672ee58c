import { describe, expect, it } from 'vitest';
import { chooseDevice } from '../../../src/renderer/src/audio/devices';

const list = [
  { deviceId: 'default', label: 'Default - Built-in Mic', kind: 'audioinput' },
  { deviceId: 'a1', label: 'Built-in Mic', kind: 'audioinput' },
  { deviceId: 'u2', label: 'USB Mic', kind: 'audioinput' },
  { deviceId: 'o1', label: 'Speakers', kind: 'audiooutput' },
];

describe('chooseDevice', () => {
  it('uses the saved id when present', () => {
    expect(chooseDevice(list, 'audioinput', { id: 'u2', label: 'USB Mic' })).toEqual({ deviceId: 'u2', label: 'USB Mic', fallback: false });
  });
  it('finds a replugged device by label when its id changed', () => {
    expect(chooseDevice(list, 'audioinput', { id: 'old-id', label: 'USB Mic' })).toEqual({ deviceId: 'u2', label: 'USB Mic', fallback: false });
  });
  it('falls back to the default, flagged, when the device is gone', () => {
    expect(chooseDevice(list.filter((d) => d.deviceId !== 'u2'), 'audioinput', { id: 'u2', label: 'USB Mic' })).toEqual({
      deviceId: '',
      label: 'Default - Built-in Mic',
      fallback: true,
    });
  });
  it('no preference means the default, not a fallback, and kinds never mix', () => {
    expect(chooseDevice(list, 'audioinput', { id: '', label: '' }).fallback).toBe(false);
    expect(chooseDevice(list, 'audiooutput', { id: 'u2', label: 'USB Mic' }).fallback).toBe(true);
  });
});
