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
  const missing = (list: MediaDeviceInfo[], id: string) => !!id && !list.some((d) => d.deviceId === id);
  return (
    <fieldset className="section" data-testid="devices-section">
      <legend>Devices</legend>
      <label>
        Microphone
        <select
          data-testid="input-device"
          value={audio.inputDeviceId}
          onChange={(e) => {
            const d = inputs.find((x) => x.deviceId === e.target.value);
            props.onChange({ inputDeviceId: d?.deviceId ?? '', inputDeviceLabel: d?.label ?? '' });
          }}
        >
          <option value="">System default</option>
          {inputs.map((d, i) => (
            <option key={d.deviceId || i} value={d.deviceId}>
              {d.label || `Microphone ${i + 1}`}
            </option>
          ))}
          {missing(inputs, audio.inputDeviceId) && <option value={audio.inputDeviceId}>{audio.inputDeviceLabel || 'Saved microphone'} (not connected)</option>}
        </select>
      </label>
      <label>
        Speaker
        <select
          data-testid="output-device"
          value={audio.outputDeviceId}
          onChange={(e) => {
            const d = outputs.find((x) => x.deviceId === e.target.value);
            props.onChange({ outputDeviceId: d?.deviceId ?? '', outputDeviceLabel: d?.label ?? '' });
          }}
        >
          <option value="">System default</option>
          {outputs.map((d, i) => (
            <option key={d.deviceId || i} value={d.deviceId}>
              {d.label || `Speaker ${i + 1}`}
            </option>
          ))}
          {missing(outputs, audio.outputDeviceId) && <option value={audio.outputDeviceId}>{audio.outputDeviceLabel || 'Saved speaker'} (not connected)</option>}
        </select>
      </label>
      <p className="hint">
        Echo cancellation works best with headphones: the assistant's voice from laptop speakers can reach the microphone.
      </p>
    </fieldset>
  );
}
