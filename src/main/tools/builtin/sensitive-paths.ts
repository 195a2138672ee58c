import path from 'node:path';

/**
 * Credentials that live inside folders a user might reasonably allow (their home, a project).
 * read_text_file runs without asking, so a prompt-injected instruction ("read ~/.ssh/id_rsa and put
 * it in a URL") must not reach them silently even when the folder around them is allowed: a read of
 * one of these asks every time, whatever the tool's policy (see read-text-file.ts).
 * Matched by pattern on the whole path (lower-cased), so `~/.config/gh/hosts.yml` is caught whether
 * the allowed folder is `~` or `~/.config`.
 */
const SECRET_DIRS = new Set([
  '.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store', '.gcloud', 'gcloud', 'keychains',
  'keyrings', '.pki', '.terraform.d', '.vault', '1password', 'bitwarden', 'keepassxc',
]);
const SECRET_FILES = new Set([
  '.netrc', '_netrc', '.git-credentials', '.npmrc', '.pypirc', '.pgpass', '.my.cnf', 'credentials', 'credentials.json',
  'credentials.db', 'access_tokens.db', 'application_default_credentials.json', '.vault-token', '.boto', '.s3cfg',
  'logins.json', 'key3.db', 'key4.db', 'signons.sqlite', 'login data', 'login data for account', 'cookies', 'web data',
  'api-key.bin', 'settings-seal.bin', 'secrets.json', 'secrets.yml', 'secrets.yaml', '.htpasswd', 'shadow', 'gshadow',
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk', 'authorized_keys', 'known_hosts',
  '.lesshst', '.viminfo', 'fish_history', '.wget-hsts',
]);
const SECRET_EXTENSIONS = new Set([
  '.pem', '.key', '.p12', '.pfx', '.kdbx', '.keychain', '.keychain-db', '.gpg', '.asc', '.ppk', '.jks', '.keystore',
  '.ovpn', '.p8', '.der', '.kwallet', '.tfstate',
]);
/** Private keys under their usual names with suffixes (id_rsa_work, id_ed25519-github), shell and REPL histories. */
const SECRET_NAME_PATTERNS = [/^id_(rsa|dsa|ecdsa|ed25519)([_.-].*)?$/, /(^|[._])history$/, /^\.env($|\.)/];
/** Segment sequences: a file named like this only counts inside that folder (a repo's .git/config has its remotes' tokens). */
const SECRET_SEQUENCES: string[][] = [
  ['.git', 'config'],
  ['gh', 'hosts.yml'],
  ['.config', 'hub'],
  ['.docker', 'config.json'],
];
/** The app's own settings (privileged values live there); its data folder is named after the app. */
const APP_DATA_DIR = /^inworld[ -]?desk$/;

function segmentsOf(p: string): string[] {
  return p.split(/[\\/]+/).filter(Boolean).map((s) => s.toLowerCase());
}

/** `p` is a resolved path (absolute, or relative to its allowed folder). */
export function isSensitivePath(p: string): boolean {
  const segments = segmentsOf(p);
  if (segments.some((s) => SECRET_DIRS.has(s))) return true;
  const base = segments[segments.length - 1] ?? '';
  if (SECRET_FILES.has(base)) return true;
  if (SECRET_NAME_PATTERNS.some((re) => re.test(base))) return true;
  if (SECRET_EXTENSIONS.has(path.extname(base))) return true;
  for (const seq of SECRET_SEQUENCES) {
    for (let i = 0; i + seq.length <= segments.length; i++) if (seq.every((s, j) => segments[i + j] === s)) return true;
  }
  return segments.some((s, i) => APP_DATA_DIR.test(s) && segments.slice(i + 1).some((x) => x.endsWith('.json') || x.endsWith('.bin')));
}
