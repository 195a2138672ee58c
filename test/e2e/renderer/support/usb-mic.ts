/**
 * A "USB Mic" stand-in. Chromium's fake device cannot be unplugged, so an init script adds a
 * "USB Mic" to the device list (backed by the fake device) that a spec can unplug — its track
 * ends and `devicechange` fires, as on real hardware — and plug back in. `opened()` lists the
 * device ids getUserMedia was asked for, in order.
 */
import type { Page } from '@playwright/test';

export interface UsbWindow {
  __usb: { plugged: boolean; opened: string[] };
  __unplug(): void;
  __replug(): void;
}

export async function installUsbMic(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const md = navigator.mediaDevices;
    const w = window as unknown as UsbWindow & { __tracks: MediaStreamTrack[] };
    const enumerate = md.enumerateDevices.bind(md);
    const open = md.getUserMedia.bind(md);
    w.__usb = { plugged: true, opened: [] };
    w.__tracks = [];
    const usb = { deviceId: 'usb-1', groupId: 'usb', kind: 'audioinput', label: 'USB Mic', toJSON: () => ({}) } as MediaDeviceInfo;
    md.enumerateDevices = async () => [...(await enumerate()), ...(w.__usb.plugged ? [usb] : [])];
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      const audio = (c?.audio ?? {}) as MediaTrackConstraints;
      const wanted = (audio.deviceId as ConstrainDOMStringParameters | undefined)?.exact;
      w.__usb.opened.push(String(wanted ?? 'default'));
      if (wanted !== 'usb-1') return open(c);
      if (!w.__usb.plugged) throw new DOMException('Requested device not found', 'NotFoundError');
      const rest = { ...audio };
      delete rest.deviceId;
      const stream = await open({ ...c, audio: rest });
      w.__tracks.push(...stream.getAudioTracks());
      return stream;
    };
    w.__unplug = () => {
      w.__usb.plugged = false;
      for (const t of w.__tracks) t.stop();
      md.dispatchEvent(new Event('devicechange'));
    };
    w.__replug = () => {
      w.__usb.plugged = true;
      md.dispatchEvent(new Event('devicechange'));
    };
  });
}

export function usbMic(page: Page) {
  return {
    opened: () => page.evaluate(() => (window as unknown as UsbWindow).__usb.opened.slice()),
    unplug: () => page.evaluate(() => (window as unknown as UsbWindow).__unplug()),
    replug: () => page.evaluate(() => (window as unknown as UsbWindow).__replug()),
  };
}
