import "server-only";
import { getAuth } from "./auth";

/**
 * Signs the new first admin in through Better Auth (so the session and its cookie are exactly what
 * a sign-in makes) and gives back its Set-Cookie headers for the setup route's answer.
 */
export async function signInAfterSetup(request: Request, credentials: { email: string; password: string }): Promise<string[]> {
  const { headers } = await getAuth().api.signInEmail({
    body: { email: credentials.email, password: credentials.password },
    headers: request.headers,
    returnHeaders: true,
  });
  return headers.getSetCookie();
}
