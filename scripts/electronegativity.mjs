#!/usr/bin/env node
/**
 * Electronegativity (Doyensec's Electron security scanner) over src/, offline, failing on any
 * finding that is not in the reviewed allow-list .ci/electronegativity-allow.txt.
 *
 *   node scripts/electronegativity.mjs        # exit 0: nothing new; 1: new findings (listed)
 *
 * Offline: the Electron version is given with -e (read from the installed electron package), and
 * AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is skipped because it downloads Electron's release list;
 * our Electron version is kept current through npm instead.
 * Allow-list lines: `CHECK_ID  path/under/src  # why this is safe` — the reason is required, and an
 * entry matches every finding of that check in that file (line numbers move; files and checks don't).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALLOW_FILE = join(root, '.ci', 'electronegativity-allow.txt');
const OFFLINE_SKIPS = ['AvailableSecurityFixesGlobalCheck']; // the class name, which -x expects

export function parseAllowList(text) {
  const entries = [];
  const problems = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\S+)\s+#\s*(\S.*)$/.exec(line);
    if (!m) problems.push(`line ${i + 1}: write "CHECK_ID path  # reason": ${line}`);
    else entries.push({ check: m[1], file: m[2], reason: m[3] });
  });
  return { entries, problems };
}

/** Electronegativity's CSV: quoted and unquoted fields, commas inside quotes. */
export function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const fields = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    fields.push(cur);
    const [check, severity, confidence, file, location, sample] = fields.map((f) => f.trim());
    rows.push({ check, severity, confidence, file, location, sample });
  }
  return rows;
}

function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

function scan() {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  const out = join(dir, 'findings.csv');
  try {
    const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    execFileSync(process.execPath, ['--import', pathToFileURL(join(root, 'scripts', 'electronegativity-offline.mjs')).href, bin, '-i', 'src', '-e', electronVersion(), '-r', '-v', 'false', '-x', OFFLINE_SKIPS.join(','), '-o', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 120_000,
    });
    return parseCsv(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { entries, problems } = parseAllowList(readFileSync(ALLOW_FILE, 'utf8'));
  if (problems.length) {
    console.error(`electronegativity: the allow-list is malformed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const findings = scan();
  const allowed = (f) => entries.some((e) => e.check === f.check && e.file === f.file);
  const fresh = findings.filter((f) => !allowed(f));
  const unused = entries.filter((e) => !findings.some((f) => f.check === e.check && f.file === e.file));
  console.log(`electronegativity ${electronVersion()}: ${findings.length} findings, ${findings.length - fresh.length} reviewed, ${fresh.length} new`);
  for (const e of unused) console.log(`  note: allow-list entry no longer needed: ${e.check} ${e.file}`);
  if (fresh.length) {
    for (const f of fresh) console.error(`  NEW ${f.check} [${f.severity}/${f.confidence}] ${f.file}:${f.location}  ${(f.sample ?? '').slice(0, 120)}`);
    console.error('Fix them, or review each and add it with a reason to .ci/electronegativity-allow.txt.');
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
