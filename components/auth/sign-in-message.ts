// What a refused sign-in tells the person, from Better Auth's status: 401 wrong email or password
// (it does not say which, on purpose), 429 too many attempts from this address or for this account
// (with how long to wait).
export function signInMessage(status: number, retryAfter: string | null): string {
  if (status === 401) return "That email and password do not match an account.";
  if (status === 429) {
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) && seconds > 0 ? `${Math.ceil(seconds)} second${seconds === 1 ? "" : "s"}` : "a minute";
    return `Too many sign-in attempts (from here, or for this account). Wait ${wait} and try again.`;
  }
  if (status === 400) return "Enter an email address and a password.";
  if (status === 403) return "The studio refused this sign-in: open it from its own address and try again.";
  return "Signing in failed on the server. The details are in the server log.";
}
