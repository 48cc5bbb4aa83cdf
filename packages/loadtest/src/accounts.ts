// Accounts for contests that do not take guests (--accounts register): each participant's name and
// password follow from --seed and its index, so a rerun with the same seed signs in to the accounts
// the first run made instead of failing on taken names.
import type { AppRouter } from "@codeduel/api";
import type { TRPCClient } from "@trpc/client";

export interface Account {
  username: string;
  password: string;
}

export interface Session {
  token: string;
  user: { id: string };
}

/** `lt<seed>-<index>`, both in base 36: at most 14 characters, within the server's 3 to 24. */
export function accountFor(seed: number, index: number): Account {
  const username = `lt${seed.toString(36)}-${index.toString(36)}`;
  // A load-test account on a test server: guessable on purpose, so a rerun can sign in again.
  return { username, password: `codeduel-loadtest-${seed}-${index}` };
}

/** auth.register, or auth.login when an earlier run with the same seed took the name. */
export async function signInWithAccount(http: TRPCClient<AppRouter>, account: Account, signal: AbortSignal): Promise<Session> {
  try {
    return await http.auth.register.mutate(account, { signal });
  } catch (err) {
    const e = err as { data?: { code?: unknown } | null; message?: unknown } | null;
    if (e?.data?.code !== "CONFLICT") throw err;
  }
  return http.auth.login.mutate(account, { signal });
}
