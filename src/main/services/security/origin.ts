/**
 * The origin of a URL as scheme://host, lower-cased; undefined when it has no host. `URL.origin` is
 * the string "null" for custom schemes such as app://, so it is built by hand.
 */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (!u.host) return undefined;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}
