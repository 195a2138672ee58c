import { useEffect, useState } from 'react';
import type { Settings } from '../state/app-store';

/** Microphone and speaker pickers. Both the id and the label are saved so a replugged device is found again. */
export function DevicesSection(props: { audio: Settings['audio']; onChange: (patch: Partial<Settings['audio']>) => void }) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const md = navigator.mediaDevices;
    if (!md?.enumerateDevices) return;
    const load = () => void md.enumerateDevices().then(setDevices, () => setDevices([]));
    load();
    md.addEventListener('devicechange', load);
    return () => md.removeEventListener('devicechange', load);
  }, []);
  const inputs = devices.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default');
  const outputs = devices.filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default');
  const { audio } = props;
  return (
    <fieldset className="section" data-testid="devices-section">
      <legend>Devices</legend>
      <DeviceSelect
        label="Microphone"
        testId="input-device"
        devices={inputs}
        chosen={{ id: audio.inputDeviceId, label: audio.inputDeviceLabel }}
        onChoose={(d) => props.onChange({ inputDeviceId: d.id, inputDeviceLabel: d.label })}
      />
      <DeviceSelect
        label="Speaker"
        testId="output-device"
        devices={outputs}
        chosen={{ id: audio.outputDeviceId, label: audio.outputDeviceLabel }}
        onChoose={(d) => props.onChange({ outputDeviceId: d.id, outputDeviceLabel: d.label })}
      />
      <p className="hint">
        Echo cancellation works best with headphones: the assistant's voice from laptop speakers can reach the microphone.
      </p>
    </fieldset>
  );
}

interface DeviceChoice {
  id: string;
  label: string;
}

/** One picker; a saved device that is unplugged stays listed as "(not connected)" so the choice is not lost. */
function DeviceSelect(props: { label: string; testId: string; devices: MediaDeviceInfo[]; chosen: DeviceChoice; onChoose: (d: DeviceChoice) => void }) {
  const { label, devices, chosen } = props;
  const missing = !!chosen.id && !devices.some((d) => d.deviceId === chosen.id);
  return (
    <label>
      {label}
      <select
        data-testid={props.testId}
        value={chosen.id}
        onChange={(e) => {
          const d = devices.find((x) => x.deviceId === e.target.value);
          props.onChoose({ id: d?.deviceId ?? '', label: d?.label ?? '' });
        }}
      >
        <option value="">System default</option>
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
        {missing && <option value={chosen.id}>{chosen.label || `Saved ${label.toLowerCase()}`} (not connected)</option>}
      </select>
    </label>
  );
}
