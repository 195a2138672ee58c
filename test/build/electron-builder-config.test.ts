/**
 * The packaging configuration, checked where installers cannot be built (no Electron download):
 * build/electron-builder.yml against electron-builder's own JSON schema (app-builder-lib/scheme.json,
 * with ajv and the options electron-builder itself validates with), the release-relevant settings,
 * and the Linux .desktop file electron-builder's own LinuxTargetHelper generates from it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../src/main/cli/app-args';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const yaml = require('js-yaml') as { load(s: string): unknown };
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const config = yaml.load(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as Config;
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Config;

describe('build/electron-builder.yml', () => {
  const ajv = new Ajv({ allErrors: true, strict: false }); // electron-builder's own options (schemaValidator.js)
  const validate = ajv.compile(schema);

  it('is valid against electron-builder\'s JSON schema', () => {
    expect(validate(config), ajv.errorsText(validate.errors)).toBe(true);
    // And through electron-builder's own validator, which throws a readable report.
    const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as { validateSchema(s: object, d: unknown): void };
    expect(() => validateSchema(schema, structuredClone(config))).not.toThrow();
  });

  it('the schema check can fail: a misspelt or misplaced option is refused', () => {
    expect(validate({ ...config, linux: { ...config.linux, targte: ['AppImage'] } })).toBe(false);
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes please' } })).toBe(false);
    expect(validate({ ...config, asarUnpack: 42 })).toBe(false);
  });

  it('builds AppImage + deb, dmg (+ the zip macOS updates from) and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('macOS: hardened runtime, the microphone entitlement and usage string, notarization on', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist' });
    const plist = readFileSync(join(root, config.mac.entitlements as string), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables/);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/talk key/);
  });

  it('sets the fuses and unpacks the native key hook from the asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asarUnpack).toContain('node_modules/uiohook-napi/**');
  });

  it('publishes where electron-updater looks (app-update.yml comes from this)', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github' })]);
    expect(Object.keys(pkg.dependencies)).toContain('electron-updater');
  });
});

describe('the Linux .desktop file electron-builder writes', () => {
  async function desktopFile(): Promise<string> {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (p: unknown) => { computeDesktopEntry(o: unknown, exec?: string): Promise<string> };
    };
    const packager = {
      appInfo: { productName: pkg.productName, sanitizedProductName: pkg.productName, description: pkg.description },
      executableName: config.linux.executableName,
      info: { metadata: { desktopName: pkg.desktopName } },
      config,
      platformSpecificBuildOptions: config.linux,
      fileAssociations: [],
    };
    return new LinuxTargetHelper(packager).computeDesktopEntry(config.linux);
  }

  function section(file: string, name: string): Record<string, string> {
    const body = file.split(`[${name}]\n`)[1]?.split('\n[')[0] ?? '';
    return Object.fromEntries(body.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }

  /** Splits an Exec value the way the desktop entry spec quotes arguments. */
  function execArgs(exec: string): string[] {
    return [...exec.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? (m[2] as string));
  }

  it('lists the actions, each running a command line the app parses', async () => {
    const file = await desktopFile();
    const entry = section(file, 'Desktop Entry');
    expect(entry).toMatchObject({ Name: 'Inworld Desk', Type: 'Application', StartupWMClass: 'inworld-desk', Actions: 'Dictate;QuickAsk;AskClipboard;' });
    expect(entry.Exec).toBe('"/opt/Inworld Desk/inworld-desk" %U');
    const commands = Object.fromEntries(
      entry.Actions!.split(';').filter(Boolean).map((a) => {
        const action = section(file, `Desktop Action ${a}`);
        expect(action.Name, a).toBeTruthy();
        const argv = execArgs(action.Exec!);
        expect(argv[0]).toBe(config.linux.executableName);
        const parsed = parseAppArgs(argv);
        if (!parsed.ok) throw new Error(`${a}: ${parsed.error}`);
        return [a, parsed.command];
      }),
    );
    expect(commands.Dictate).toMatchObject({ dictate: 'toggle' });
    expect(commands.QuickAsk).toMatchObject({ quickAsk: true });
    expect(commands.AskClipboard).toMatchObject({ ask: { question: 'Explain this briefly', context: 'clipboard' } });
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = yaml.load(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as Config;

  it('builds on Linux, macOS and Windows, signs from secrets and uploads', () => {
    const job = wf.jobs.build;
    expect(job.strategy.matrix.include.map((m: { platform: string }) => m.platform)).toEqual(['--linux', '--mac', '--win']);
    const build = job.steps.find((s: { name?: string }) => s.name === 'Build, sign and upload');
    expect(build.run).toContain('electron-builder --config build/electron-builder.yml');
    expect(build.run).toContain('--publish always');
    for (const secret of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) {
      expect(build.env[secret], secret).toMatch(new RegExp(`secrets\\.${secret}\\b`));
    }
    expect(job.steps.some((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });
});
