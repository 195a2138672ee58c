/**
 * Whether this copy of the app may update itself. electron-updater can replace an AppImage, a dmg
 * install and an nsis install; a deb (or a distro package) belongs to the package manager, and a
 * development run has nothing to replace.
 */
export type UpdateEligibility = { enabled: true } | { enabled: false; reason: string };

export function updateEligibility(opts: { isPackaged: boolean; platform: NodeJS.Platform; env: Record<string, string | undefined> }): UpdateEligibility {
  if (!opts.isPackaged) return { enabled: false, reason: 'updates are off in development' };
  if (opts.platform === 'linux' && !opts.env.APPIMAGE) return { enabled: false, reason: 'this package is updated by the system package manager' };
  if (opts.platform !== 'linux' && opts.platform !== 'darwin' && opts.platform !== 'win32') return { enabled: false, reason: `no updates for ${opts.platform}` };
  return { enabled: true };
}
