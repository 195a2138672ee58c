/**
 * Which device to open, given the user's choice and what is plugged in right now. Device ids can
 * change across unplug/replug or OS updates, so the label is the fallback key; when neither
 * matches we use the system default and say so.
 */
export interface DevicePreference {
  id: string;
  label: string;
}

export interface DeviceChoice {
  /** '' = the system default. */
  deviceId: string;
  label: string;
  /** The preferred device is missing and the default stands in for it. */
  fallback: boolean;
}

export interface DeviceLike {
  deviceId: string;
  label: string;
  kind: string;
}

export function chooseDevice(devices: readonly DeviceLike[], kind: MediaDeviceKind, pref: DevicePreference): DeviceChoice {
  const ofKind = devices.filter((d) => d.kind === kind);
  if (!pref.id && !pref.label) return { deviceId: '', label: defaultLabel(ofKind), fallback: false };
  const byId = pref.id ? ofKind.find((d) => d.deviceId === pref.id) : undefined;
  if (byId) return { deviceId: byId.deviceId, label: byId.label || pref.label, fallback: false };
  const byLabel = pref.label ? ofKind.find((d) => d.label === pref.label) : undefined;
  if (byLabel) return { deviceId: byLabel.deviceId, label: byLabel.label, fallback: false };
  return { deviceId: '', label: defaultLabel(ofKind), fallback: true };
}

function defaultLabel(devices: readonly DeviceLike[]): string {
  const d = devices.find((x) => x.deviceId === 'default') ?? devices[0];
  return d?.label || 'System default';
}
