/**
 * Where the user's real API key may be sent. Policy: over wss:// to Inworld's own hosts; anywhere
 * else only to an endpoint the user confirmed in main (the settings guard's native dialog); plain
 * ws:// only to this machine (the simulator, a local proxy), and even there only once confirmed,
 * because ws:// to another host would put the key on the network in clear text.
 */
const INWORLD_HOST = /(^|\.)inworld\.ai$/i;
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Undefined when the key may go to `endpoint`; otherwise why not, in words for the user. */
export function keyDestinationProblem(endpoint: string, confirmedByUser: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The endpoint is not a valid URL.';
  }
  if (url.username || url.password) return 'The endpoint must not contain a user name or password.';
  if (url.protocol === 'wss:') {
    if (INWORLD_HOST.test(url.hostname) || confirmedByUser) return undefined;
    return `The API key is only sent to Inworld's servers or to an endpoint you confirmed; ${url.host} was not confirmed.`;
  }
  if (url.protocol === 'ws:') {
    if (!isLoopbackHost(url.hostname)) return `ws:// would send the API key unencrypted to ${url.host}; use wss:// (ws:// is only for this computer).`;
    if (confirmedByUser) return undefined;
    return 'The API key is not sent to a local ws:// endpoint you have not confirmed.';
  }
  return 'The endpoint must be a wss:// URL.';
}
