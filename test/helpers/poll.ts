/** Polls `test` every 10 ms until it holds (true) or `ms` (default 5 s) have passed (false). */
export async function until(test: () => boolean, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
