/** A mistake in how claimscan was called or configured: exit code 2, message on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
