/** What one delivery attempt came to. `retry: false`: trying again cannot help (e.g. its subscriber was deleted). */
export type AttemptOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retry: boolean };
