import { createRealtimeSession } from '../../src/main/realtime';
import type { SessionFactory } from '../../src/main/services/ports';

/** The real realtime core, exactly as the app's composition root uses it. */
export const realtimeSessionFactory: SessionFactory = (options) => createRealtimeSession(options);
