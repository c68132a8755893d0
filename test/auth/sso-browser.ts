import type { Auth } from "@/lib/server/auth/auth";
import { someClientAddress } from "./sessions";

// A browser, as far as single sign-on needs one, walked by hand: a cookie jar per origin, and
// redirects followed one at a time. Requests to the studio go to a Better Auth instance's handler
// (as the web server would hand them over); requests to the identity provider go over real HTTP.
// At the provider's login page it types the email it was given and continues.

export const STUDIO = "http://localhost:3000";

export interface SsoOutcome {
  /** where the browser ended up: a studio page, with its query */
  landed: URL;
  /** "name=value" of the studio's session cookie, when one was set */
  sessionCookie: string | null;
  /** every URL the browser was sent to, in order */
  visited: URL[];
}

export class SsoBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  private readonly clientAddress = someClientAddress();

  constructor(private readonly auth: Auth) {}

  /** Clicks "Sign in with ..." on /sign-in and follows the browser to wherever it lands. */
  async signIn(email: string, next = "/datasets"): Promise<SsoOutcome> {
    const started = await this.request(new URL(`${STUDIO}/api/auth/sign-in/social`), {
      method: "POST",
      headers: { "content-type": "application/json", origin: STUDIO },
      body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/sign-in", disableRedirect: true }),
    });
    if (started.status !== 200) throw new Error(`sign-in/social answered ${started.status}: ${await started.text()}`);
    const { url } = (await started.json()) as { url: string };
    return this.follow(new URL(url), email);
  }

  cookie(origin: string, name: string): string | null {
    const value = this.jar.get(origin)?.get(name);
    return value === undefined ? null : `${name}=${value}`;
  }

  private async follow(start: URL, email: string): Promise<SsoOutcome> {
    const visited: URL[] = [];
    let url = start;
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      visited.push(url);
      if (url.origin === STUDIO && !url.pathname.startsWith("/api/auth/")) {
        return { landed: url, sessionCookie: this.cookie(STUDIO, "cai-studio.session_token"), visited };
      }
      const response = await this.request(url, init);
      init = {};
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      const body = await response.text();
      const form = /<form method="post" action="([^"]+)"/.exec(body);
      if (response.status === 200 && form) {
        // the provider's login page: type the email, press Continue
        url = new URL(form[1]!, url);
        init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email }).toString() };
        continue;
      }
      throw new Error(`stuck at ${url.href}: ${response.status} ${body.slice(0, 300)}`);
    }
    throw new Error(`more than 20 redirects from ${start.href}`);
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookies = [...(this.jar.get(url.origin) ?? [])].map(([name, value]) => `${name}=${value}`);
    if (cookies.length > 0) headers.set("cookie", cookies.join("; "));
    let response: Response;
    if (url.origin === STUDIO) {
      headers.set("x-cai-client-address", this.clientAddress);
      response = await this.auth.handler(new Request(url, { ...init, headers }));
    } else {
      response = await fetch(url, { ...init, headers, redirect: "manual" });
    }
    this.keepCookies(url.origin, response.headers.getSetCookie());
    return response;
  }

  private keepCookies(origin: string, lines: string[]) {
    const jar = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, jar);
    for (const line of lines) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  }
}
