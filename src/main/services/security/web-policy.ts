import { originOf } from './origin';

/**
 * Security decisions for the renderer, kept Electron-free so they are unit-tested: which
 * permission requests to grant and which links may leave the app.
 */
export interface PermissionQuery {
  permission: string;
  /** URL of the frame asking. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
  /** Request handler: the media kinds asked for. */
  mediaTypes?: ReadonlyArray<'audio' | 'video'>;
  /** Check handler: the one media kind being checked. */
  mediaType?: 'audio' | 'video' | 'unknown';
}

/**
 * Only the microphone, only for our own top-level document. Camera, screen capture, notifications
 * from the page, geolocation, clipboard, HID… are all denied: the renderer needs none of them.
 */
export function allowPermission(q: PermissionQuery, appOrigins: readonly string[]): boolean {
  if (q.permission !== 'media') return false;
  if (!q.isMainFrame || !q.requestingUrl) return false;
  const origin = originOf(q.requestingUrl);
  if (!origin || !appOrigins.map((o) => o.toLowerCase()).includes(origin)) return false;
  if (q.mediaTypes !== undefined) return q.mediaTypes.length > 0 && q.mediaTypes.every((t) => t === 'audio');
  if (q.mediaType !== undefined) return q.mediaType === 'audio';
  return false;
}

/** Links the user clicks open in the browser only when they are plain https URLs without credentials. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && u.hostname.length > 0;
  } catch {
    return false;
  }
}
