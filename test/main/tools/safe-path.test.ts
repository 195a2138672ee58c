import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { promises as fsp } from 'node:fs';
import { resolveAllowedPath } from '../../../src/main/tools/builtin/safe-path';
import { isSensitivePath } from '../../../src/main/tools/builtin/sensitive-paths';
import { tempDir } from './helpers';

let allowed: ReturnType<typeof tempDir>;
beforeEach(() => {
  allowed = tempDir('safe-');
  writeFileSync(path.join(allowed.dir, 'a.txt'), 'a');
});
afterEach(() => {
  allowed.cleanup();
  vi.restoreAllMocks();
});

describe('resolveAllowedPath never touches a path outside the folders', () => {
  it.each(['\\\\attacker\\share\\x.txt', '//attacker/share/x.txt', '\\\\?\\UNC\\attacker\\s', '//./pipe/x'])(
    'refuses the network path %s without a file-system call',
    async (p) => {
      const realpath = vi.spyOn(fsp, 'realpath');
      const stat = vi.spyOn(fsp, 'stat');
      await expect(resolveAllowedPath(p, [allowed.dir])).rejects.toThrow(/network and device paths/);
      expect(realpath).not.toHaveBeenCalled();
      expect(stat).not.toHaveBeenCalled();
    },
  );

  it('checks containment lexically before any realpath of the outside path', async () => {
    const realpath = vi.spyOn(fsp, 'realpath');
    await expect(resolveAllowedPath('/net/attacker/share/x', [allowed.dir])).rejects.toThrow(/outside the allowed folders/);
    // Only the allowed folder itself was resolved, never the outside path.
    expect(realpath.mock.calls.map((c) => String(c[0]))).toEqual([allowed.dir]);
  });

  it('then realpaths and checks again: a symlink inside pointing outside is refused', async () => {
    const out = tempDir('out-');
    writeFileSync(path.join(out.dir, 's.txt'), 's');
    symlinkSync(out.dir, path.join(allowed.dir, 'link'));
    await expect(resolveAllowedPath('link/s.txt', [allowed.dir])).rejects.toThrow(/outside/);
    expect((await resolveAllowedPath('a.txt', [allowed.dir])).realPath).toBe(path.join(allowed.dir, 'a.txt'));
    out.cleanup();
  });

  it('a credential file is refused unless the caller says the user approved it', async () => {
    mkdirSync(path.join(allowed.dir, '.config', 'gh'), { recursive: true });
    writeFileSync(path.join(allowed.dir, '.config', 'gh', 'hosts.yml'), 'oauth_token: x');
    await expect(resolveAllowedPath('.config/gh/hosts.yml', [allowed.dir])).rejects.toThrow(/credentials or keys/);
    // Allowing ~/.config itself does not make gh/hosts.yml ordinary.
    await expect(resolveAllowedPath('gh/hosts.yml', [path.join(allowed.dir, '.config')])).rejects.toThrow(/credentials/);
    const ok = await resolveAllowedPath('.config/gh/hosts.yml', [allowed.dir], { allowSensitive: true });
    expect(ok.sensitive).toBe(true);
  });
});

describe('the credential deny list covers them by pattern', () => {
  it.each([
    'home/.ssh/id_rsa_work', 'id_ed25519-github', 'id_rsa', '.config/gh/hosts.yml', '.config/gcloud/credentials.db',
    'proj/credentials.json', 'proj/.git/config', '.bash_history', '.zsh_history', '.python_history', '.local/share/fish/fish_history',
    '.vault-token', 'putty/server.ppk', '.mozilla/firefox/x.default/logins.json', '.mozilla/firefox/x/key4.db',
    '.config/google-chrome/Default/Login Data', '.local/share/keyrings/login.keyring', '.config/Inworld Desk/settings.json',
    '.config/inworld-desk/api-key.bin', '.env', '.env.production', 'server.key', 'infra/terraform.tfstate', '.docker/config.json',
  ])('%s is sensitive', (p) => {
    expect(isSensitivePath(p)).toBe(true);
  });

  it.each(['notes/history.md', 'src/config.ts', 'environment.txt', 'README.md', 'id_card.png', 'proj/git/config-notes.txt', 'credentials-guide.md'])(
    '%s is ordinary',
    (p) => {
      expect(isSensitivePath(p)).toBe(false);
    },
  );
});
