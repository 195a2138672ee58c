import { describe, expect, it } from 'vitest';
import { McpServerConfigSchema, type McpServerConfig } from '../../../src/shared/settings';
import { folderError } from '../../../src/renderer/src/state/folders';
import { buildMcpServer, describeServer, EMPTY_MCP_FORM, parseArgs, parseEnv, slugify, uniqueId } from '../../../src/renderer/src/state/mcp-form';

type StdioConfig = Extract<McpServerConfig, { transport: 'stdio' }>;
const stdio = (id: string, name = id): StdioConfig => ({ id, name, enabled: true, transport: 'stdio', command: 'node', args: [], env: {} });

describe('MCP server form', () => {
  it('derives a short, tool-name-safe id from the name', () => {
    expect(slugify('My Files (local)')).toBe('my-files-local');
    expect(slugify('  Café   Notes!! ')).toBe('cafe-notes');
    expect(slugify('日本語')).toBe('server');
    const long = slugify('A very long server name that goes on and on');
    expect(long.length).toBeLessThanOrEqual(24);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('makes the id unique among the configured servers', () => {
    expect(uniqueId('files', [])).toBe('files');
    expect(uniqueId('files', ['files'])).toBe('files-2');
    expect(uniqueId('files', ['files', 'files-2'])).toBe('files-3');
    const base = 'x'.repeat(24);
    const id = uniqueId(base, [base]);
    expect(id).toHaveLength(24);
    expect(id.endsWith('-2')).toBe(true);
  });

  it('reads one argument per line, without blank lines or stray whitespace', () => {
    expect(parseArgs('-y\r\n@modelcontextprotocol/server-filesystem\n\n  /home/me/My Docs  \n')).toEqual([
      '-y',
      '@modelcontextprotocol/server-filesystem',
      '/home/me/My Docs',
    ]);
  });

  it('reads KEY=VALUE env lines and says which line is wrong', () => {
    expect(parseEnv('# token\nAPI_TOKEN=abc=def\n\nDEBUG=')).toEqual({ ok: true, env: { API_TOKEN: 'abc=def', DEBUG: '' } });
    expect(parseEnv('GOOD=1\nnot a pair')).toEqual({ ok: false, error: 'Line 2: write KEY=VALUE.' });
    expect(parseEnv('1BAD=x')).toMatchObject({ ok: false, error: expect.stringContaining('Line 1') });
    expect(parseEnv('A=1\nA=2')).toEqual({ ok: false, error: 'Line 2: A is set twice.' });
  });

  it('builds a stdio server the settings schema accepts', () => {
    const r = buildMcpServer({ ...EMPTY_MCP_FORM, name: ' Files ', command: ' npx ', argsText: '-y\nserver', envText: 'TOKEN=t' }, [stdio('files', 'Other')]);
    expect(r).toEqual({
      ok: true,
      config: { id: 'files-2', name: 'Files', enabled: true, transport: 'stdio', command: 'npx', args: ['-y', 'server'], env: { TOKEN: 't' } },
    });
    if (r.ok) expect(McpServerConfigSchema.safeParse(r.config).success).toBe(true);
  });

  it('reports every problem with the field it belongs to', () => {
    const r = buildMcpServer({ ...EMPTY_MCP_FORM, name: 'files', envText: 'oops' }, [stdio('files', 'Files')]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.name).toBe('A server with this name already exists.');
      expect(r.errors.command).toMatch(/program to start/);
      expect(r.errors.env).toBe('Line 1: write KEY=VALUE.');
    }
    const blank = buildMcpServer(EMPTY_MCP_FORM, []);
    expect(blank.ok === false && blank.errors.name).toBe('Give the server a name.');
  });

  it('accepts only http(s) URLs for HTTP servers', () => {
    const bad = buildMcpServer({ ...EMPTY_MCP_FORM, transport: 'http', name: 'Web', url: 'ftp://x.example' }, []);
    expect(bad.ok === false && bad.errors.url).toBe('Enter an http:// or https:// URL.');
    const none = buildMcpServer({ ...EMPTY_MCP_FORM, transport: 'http', name: 'Web', url: '' }, []);
    expect(none.ok === false && none.errors.url).toBe('Enter the server URL.');
    const ok = buildMcpServer({ ...EMPTY_MCP_FORM, transport: 'http', name: 'Web', url: 'https://mcp.example.com/mcp', command: 'ignored' }, []);
    expect(ok).toEqual({ ok: true, config: { id: 'web', name: 'Web', enabled: true, transport: 'http', url: 'https://mcp.example.com/mcp' } });
  });

  it('describes how a server runs without showing env values', () => {
    const s: StdioConfig = { ...stdio('a'), command: 'npx', args: ['-y', 'my server'], env: { TOKEN: 'secret' } };
    const text = describeServer(s);
    expect(text).toBe('npx -y "my server"  (env: TOKEN)');
    expect(text).not.toContain('secret');
  });
});

describe('allowed folder validation', () => {
  it('accepts absolute POSIX, drive-letter and UNC paths', () => {
    expect(folderError('/home/me/Documents', [])).toBeUndefined();
    expect(folderError('C:\\Users\\me', [])).toBeUndefined();
    expect(folderError('\\\\server\\share', [])).toBeUndefined();
  });

  it('refuses relative paths, "..", blanks and duplicates', () => {
    expect(folderError('Documents', [])).toMatch(/absolute path/);
    expect(folderError('~/Documents', [])).toMatch(/absolute path/);
    expect(folderError('/home/me/../other', [])).toMatch(/\.\./);
    expect(folderError('   ', [])).toMatch(/full path/);
    expect(folderError('/home/me/', ['/home/me'])).toBe('This folder is already allowed.');
  });
});
