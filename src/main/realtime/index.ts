/** Entry point of the realtime core for the rest of the main process. */
export { createRealtimeSession, type SessionDeps } from './realtime-session';
export type * from './session-api';
export { ConnectError } from './connection/connect-errors';
export { createWsTransport } from './wire/ws-transport';
export type { Transport, TransportFactory, TransportEvents } from './wire/transport';
