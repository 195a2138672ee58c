import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { Disposable } from '../../shared/disposable';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayIconState, type TrayMenuInput, type TrayMenuItem } from '../services/shell/tray-model';
import type { EventPayload } from '../../shared/ipc/contract';

/**
 * The tray icon and its menu. State comes in through update(); the menu is rebuilt only when what
 * it shows changed, and the icon only when the state changed (Linux trays flicker otherwise).
 */
export class AppTray implements Disposable {
  private readonly tray: Tray;
  private readonly icons = new Map<TrayIconState, Electron.NativeImage>();
  private lastState: TrayIconState | undefined;
  private lastMenuKey = '';

  constructor(
    private readonly resourcesDir: string,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(this.icon('offline'));
    this.tray.on('click', () => onAction('open'));
  }

  update(conn: EventPayload<'session.state'>, state: TrayIconState, menu: TrayMenuInput): void {
    if (state !== this.lastState) {
      this.tray.setImage(this.icon(state));
      this.lastState = state;
    }
    this.tray.setToolTip(trayTooltip(conn, state));
    const key = JSON.stringify(menu);
    if (key !== this.lastMenuKey) {
      this.lastMenuKey = key;
      this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuModel(menu).map((i) => this.render(i))));
    }
  }

  dispose(): void {
    this.tray.destroy();
  }

  private render(item: TrayMenuItem): MenuItemConstructorOptions {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'submenu') return { label: item.label, submenu: item.items.map((i) => this.render(i)) };
    return {
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      ...(item.checked !== undefined ? { checked: item.checked } : {}),
      ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
      click: () => this.onAction(item.action),
    };
  }

  private icon(state: TrayIconState): Electron.NativeImage {
    let img = this.icons.get(state);
    if (!img) {
      // nativeImage picks up tray-<state>@2x.png next to it on HiDPI screens.
      img = nativeImage.createFromPath(join(this.resourcesDir, `tray-${state}.png`));
      this.icons.set(state, img);
    }
    return img;
  }
}
