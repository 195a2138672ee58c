/**
 * Polls a condition until it holds or the time is up (then rejects, naming what was awaited), for
 * tests and benches that wait on something outside their control: a socket, a page, a process.
 */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 8000, what = 'condition', pollMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
