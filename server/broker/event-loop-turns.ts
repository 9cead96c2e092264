// Giving other work a turn while the broker goes through a large piece of work (a SUBSCRIBE
// of thousands of filters): /api/health and other clients are answered in between.

/** Resolves in the event loop's next check phase (from a check phase: after an I/O poll). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves after the event loop polled for I/O, also when called from I/O (where one setImmediate runs before the poll). */
export async function afterIo(): Promise<void> {
  await nextTurn();
  await nextTurn();
}
