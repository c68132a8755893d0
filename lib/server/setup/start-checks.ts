import "server-only";
import { parseTrustedProxies } from "../client-address";
import { ssoProblems } from "../auth/sso-settings";
import { secretKeyFromEnvironment } from "../endpoints/secret-box";

// Settings a studio process must not start with when they are malformed: a CAI_SECRET_KEY that is
// not 32 bytes would otherwise surface only when someone stores or uses an API key (and a worker
// would fail every run's items with it), a bad CAI_TRUSTED_PROXIES only when the web server starts,
// half-configured single sign-on (CAI_OIDC_*, CAI_PASSWORD_SIGN_IN) only on the sign-in page.
// `npm start` and `npm run worker` check these first and stop with the messages; none echoes a secret.

export function environmentProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const check of [() => secretKeyFromEnvironment(env), () => parseTrustedProxies(env.CAI_TRUSTED_PROXIES)]) {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  problems.push(...ssoProblems(env));
  return problems;
}

/** For a launcher: print what is wrong and exit 1, before anything starts. */
export function exitOnEnvironmentProblems(env: NodeJS.ProcessEnv = process.env): void {
  const problems = environmentProblems(env);
  if (problems.length === 0) return;
  for (const problem of problems) console.error(`Cannot start: ${problem}`);
  process.exit(1);
}
