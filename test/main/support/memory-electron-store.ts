/** Stands in for electron-store in composition tests (`vi.mock('electron-store', () => import(...))`): a Map, nothing on disk. */
export default class MemoryElectronStore {
  private m = new Map<string, unknown>();
  get(k: string): unknown {
    return this.m.get(k);
  }
  set(k: string, v: unknown): void {
    this.m.set(k, v);
  }
}
