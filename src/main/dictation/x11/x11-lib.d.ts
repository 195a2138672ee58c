/**
 * The part of npm `x11` (pure-JS X11 protocol client, no types shipped) that the inserter uses.
 * Request callbacks follow the library's `(err, reply)` convention; requests without a reply report
 * failures as an `error` event on the client.
 */
declare module 'x11' {
  import type { EventEmitter } from 'node:events';

  type Cb<T> = (err: Error | null, value: T) => void;

  export interface X11Event {
    readonly type: number;
    readonly name?: string;
    readonly seq?: number;
    readonly time?: number;
    readonly wid?: number;
    readonly atom?: number;
    readonly state?: number;
    readonly owner?: number;
    readonly requestor?: number;
    readonly selection?: number;
    readonly target?: number;
    readonly property?: number;
  }

  export interface X11Property {
    readonly type: number;
    readonly format: number;
    readonly bytesAfter: number;
    readonly data: Buffer;
  }

  export interface XTestExt {
    readonly KeyPress: number;
    readonly KeyRelease: number;
    FakeInput(type: number, keycode: number, time: number, wid: number, x: number, y: number): void;
  }

  export interface XClient extends EventEmitter {
    AllocID(): number;
    CreateWindow(
      wid: number, parent: number, x: number, y: number, w: number, h: number,
      border: number, depth: number, cls: number, visual: number, values: Record<string, number>,
    ): void;
    DestroyWindow(wid: number): void;
    ChangeWindowAttributes(wid: number, values: Record<string, number>): void;
    InternAtom(onlyIfExists: boolean, name: string, cb: Cb<number>): void;
    GetAtomName(atom: number, cb: Cb<string>): void;
    ChangeProperty(mode: number, wid: number, prop: number, type: number, format: number, data: Buffer | number[]): void;
    DeleteProperty(wid: number, prop: number): void;
    GetProperty(del: number, wid: number, prop: number, type: number, offset: number, length: number, cb: Cb<X11Property>): void;
    SetSelectionOwner(owner: number, selection: number, time: number): void;
    GetSelectionOwner(selection: number, cb: Cb<number>): void;
    ConvertSelection(requestor: number, selection: number, target: number, property: number, time: number): void;
    SendEvent(destination: number, propagate: number | boolean, mask: number, event: Buffer): void;
    GetInputFocus(cb: Cb<{ focus: number; revertTo: number }>): void;
    SetInputFocus(wid: number, revertTo: number): void;
    RaiseWindow(wid: number): void;
    QueryTree(wid: number, cb: Cb<{ root: number; parent: number; children: number[] }>): void;
    QueryPointer(wid: number, cb: Cb<{ child: number; root: number }>): void;
    QueryKeymap(cb: Cb<Buffer>): void;
    GetModifierMapping(cb: Cb<number[][]>): void;
    GetKeyboardMapping(first: number, count: number, cb: Cb<number[][]>): void;
    require(ext: 'xtest', cb: Cb<XTestExt>): void;
    sync(): Promise<void>;
    terminate(): void;
    close(cb?: (err?: Error) => void): void;
  }

  export interface X11Display {
    readonly client: XClient;
    readonly screen: ReadonlyArray<{ readonly root: number }>;
    readonly resource_base: number;
    readonly resource_mask: number;
    readonly min_keycode: number;
    readonly max_keycode: number;
    readonly max_request_length: number;
  }

  export function createClient(
    options: { display?: string; shm?: boolean | 'off'; disableBigRequests?: boolean },
    cb: (err: Error | null, display: X11Display) => void,
  ): XClient;
}
