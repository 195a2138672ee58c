import type { Logger } from '../../../shared/logger';
import type { TransportEvents } from '../wire/transport';

/**
 * What the connection does with frames the transport could not use: log them at the right level
 * and tell the user only about a resource problem that keeps coming back (§1.6/§7.2).
 */
export class InvalidFrames {
  private errorTypeFrames = 0;

  constructor(
    private readonly log: Logger,
    private readonly warnUser: (message: string) => void,
  ) {}

  handle(inv: TransportEvents['invalid']): void {
    if (inv.kind === 'error-type-frame') {
      this.errorTypeFrames++;
      this.log.warn('server resource notice', { errorType: inv.errorType });
      if (this.errorTypeFrames === 3) this.warnUser(`The server reports ${inv.errorType ?? 'a resource problem'} repeatedly.`);
    } else if (inv.kind === 'unknown') {
      this.log.debug('ignoring unknown server event', { type: inv.type });
    } else {
      this.log.warn(`skipping bad server frame: ${inv.reason}`, { preview: inv.preview });
    }
  }
}
