/**
 * The slice of `node:sqlite` the history store uses, typed here because @types/node 20 does not
 * know the module. It is loaded at run time with process.getBuiltinModule so bundlers leave it
 * alone; Electron 45's main process (Node 24) and the test Node have it, Node 20 does not — the
 * store then reports itself unavailable instead of crashing the app.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

export interface StatementSync {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): Record<string, SqlValue> | undefined;
  all(...params: SqlValue[]): Array<Record<string, SqlValue>>;
}

export interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): StatementSync;
  close(): void;
}

interface SqliteModule {
  DatabaseSync: new (path: string, options?: { open?: boolean; timeout?: number }) => DatabaseSync;
}

export function loadSqlite(): SqliteModule {
  const get = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = get?.('node:sqlite') as SqliteModule | undefined;
  if (!mod?.DatabaseSync) {
    throw new Error(`node:sqlite is not available in Node ${process.versions.node}; history needs Node 22.5+ (Electron 45 has it).`);
  }
  return mod;
}

export function openDatabase(path: string): DatabaseSync {
  // A 2 s busy timeout: the `history` CLI and the app may touch the same file at once.
  return new (loadSqlite().DatabaseSync)(path, { timeout: 2000 });
}
