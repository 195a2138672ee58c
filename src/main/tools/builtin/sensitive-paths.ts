import path from 'node:path';

/**
 * Credentials that live inside folders a user might reasonably allow (their home, a project).
 * read_text_file runs without asking, so a prompt-injected instruction ("read ~/.ssh/id_rsa and put
 * it in a URL") must not be able to reach them even when the folder around them is allowed.
 */
const SECRET_DIRS = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store', '.gcloud', 'keychains']);
const SECRET_FILES = new Set(['.netrc', '_netrc', '.git-credentials', '.npmrc', '.pypirc', '.pgpass', 'credentials', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519']);
const SECRET_EXTENSIONS = new Set(['.pem', '.key', '.p12', '.pfx', '.kdbx', '.keychain', '.keychain-db', '.gpg', '.asc']);

/** `relative` is the resolved path relative to its allowed folder. */
export function isSensitivePath(relative: string): boolean {
  const segments = relative.split(/[\\/]+/).filter(Boolean).map((s) => s.toLowerCase());
  if (segments.some((s) => SECRET_DIRS.has(s))) return true;
  const base = segments[segments.length - 1] ?? '';
  if (SECRET_FILES.has(base)) return true;
  if (base === '.env' || base.startsWith('.env.')) return true;
  return SECRET_EXTENSIONS.has(path.extname(base));
}
