// A real OpenID Connect provider for the single sign-on tests (`oidc-provider`, the certified
// implementation), on 127.0.0.1 at a given port, with one confidential client and the test
// accounts. Its development login pages are off; in their place a minimal one: a login form that
// takes an email of a known account (no password: the studio's side is what is tested), and a
// consent step granted at once (the studio asks only for openid, email and profile). A script
// walks it with fetch (test/auth/oidc.test.ts); a browser with a form fill (e2e/sso.spec.ts).
// Plain node:http and node:crypto, so it runs on every Node the studio supports.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";
import type { OidcTestAccount } from "./accounts";

export interface OidcProviderOptions {
  /** 0 for any free port */
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: readonly OidcTestAccount[];
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>, what CAI_OIDC_ISSUER is set to */
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration(options));
  const oidc = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!interaction) return void oidc(req, res);
    handleInteraction(provider, options.accounts, req, res, interaction[2] === "/login").catch((error: unknown) => {
      res.statusCode = 500;
      res.end(`test OIDC provider: ${(error as Error).message}`);
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function configuration(options: OidcProviderOptions): Configuration {
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: "test-signing-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // role is in profile so a test can see the studio ignore it
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "role"] },
    features: { devInteractions: { enabled: false } },
    // short lives, set so the provider does not print a notice for each default it falls back to
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = options.accounts.find((candidate) => candidate.sub === sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ ...account }) };
    },
  };
}

async function handleInteraction(provider: Provider, accounts: readonly OidcTestAccount[], req: IncomingMessage, res: ServerResponse, login: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    if (!login || req.method !== "POST") return loginPage(res, details.uid, null);
    const email = new URLSearchParams(await readBody(req)).get("email")?.trim().toLowerCase() ?? "";
    const account = accounts.find((candidate) => candidate.email.toLowerCase() === email);
    if (!account) return loginPage(res, details.uid, `No account for "${email}" at this provider.`);
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  }
  // consent: grant what the client asked for, at once
  const { accountId } = details.session ?? {};
  if (!accountId) throw new Error("consent without a signed-in account");
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("the interaction's grant is gone");
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function loginPage(res: ServerResponse, uid: string, error: string | null) {
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">Email at the provider</label> <input id="email" name="email" type="email" required>
<button type="submit">Continue</button>
</form></body></html>`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
