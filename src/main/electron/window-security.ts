import { shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from '../../shared/logger';
import { originOf } from '../services/security/origin';
import { allowPermission, isSafeExternalUrl } from '../services/security/web-policy';

/**
 * The webPreferences every window of ours uses, each Electron security default spelled out so a
 * future default change or a copy-paste cannot loosen one window. Windows add only what differs
 * (backgroundThrottling, devTools).
 */
export function hardenedWebPreferences(preload: string, extra: Pick<WebPreferences, 'backgroundThrottling' | 'devTools'> = {}): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    ...extra,
  };
}

/** Session-wide permission policy: microphone only, only for our own top frame. */
export function applySessionPermissions(ses: Session, appOrigins: readonly string[], logger: Logger): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const d = details as { requestingUrl?: string; isMainFrame?: boolean; mediaTypes?: Array<'audio' | 'video'> };
    const ok = allowPermission(
      { permission, requestingUrl: d.requestingUrl, isMainFrame: d.isMainFrame ?? false, ...(d.mediaTypes ? { mediaTypes: d.mediaTypes } : {}) },
      appOrigins,
    );
    if (!ok) logger.warn('permission request denied', { permission, url: d.requestingUrl, media: d.mediaTypes });
    callback(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission, _origin, details) =>
    allowPermission(
      {
        permission,
        requestingUrl: details.requestingUrl ?? details.securityOrigin,
        isMainFrame: details.isMainFrame,
        ...(details.mediaType ? { mediaType: details.mediaType } : {}),
      },
      appOrigins,
    ),
  );
  // No device pickers (HID, serial, USB, Bluetooth) for the page.
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Per-window navigation lock: the page may never navigate away from the app or open windows.
 * A clicked https link opens in the user's browser instead; everything else is dropped.
 */
export function lockNavigation(wc: WebContents, appOrigins: readonly string[], logger: Logger): void {
  const own = new Set(appOrigins.map((o) => o.toLowerCase()));
  const openOutside = (url: string) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    else logger.warn('blocked link', { url: url.slice(0, 200) });
  };
  wc.on('will-navigate', (event, url) => {
    if (own.has(originOf(url) ?? '')) return; // reloads of our own page
    event.preventDefault();
    openOutside(url);
  });
  wc.on('will-redirect', (event, url) => {
    if (!own.has(originOf(url) ?? '')) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
