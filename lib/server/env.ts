import { z } from "zod";

// Every environment variable the studio, its worker and its CLI read, in one place: its default,
// what it must be, and the error that names it when it is missing or malformed. Each is read when
// it is used, not when this module loads: `next build` loads the server modules with no
// DATABASE_URL or session secret, launchers set variables for the code they then call, and tests
// change them between cases. `env.X` reads process.env; `readEnv(source).X` reads another
// environment (a child's, a test's).
//
// Settings that were forgiving stay forgiving: a count that is not a positive whole number is
// ignored for its default, as it always was, so a typo never stops a studio that ran yesterday.
// Three hold structured values that their own modules parse, and `npm start` and `npm run worker`
// check before anything starts (lib/server/setup/start-checks.ts): here they are the raw text.
// Not here: NODE_ENV (Next inlines it at build time), the import limits (lib/formats/limits.ts
// names them and lib/server/imports/limits.ts reads them), the variables that hold endpoints' API
// keys (named by each endpoint), and the test, e2e and bench harnesses' own.
// No `import "server-only"`: the web server (scripts/studio/web-server.ts) imports this under
// plain Node, where that guard would throw. It is server code all the same.

type Source = Readonly<Record<string, string | undefined>>;

/** `""` is unset, as every reader of these variables has always taken it. */
const text = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

/** A positive whole number, or `fallback` when unset or not one. */
/** An http(s) address, without a trailing slash; else a message naming the variable, with an example. */
const webAddress = (name: string, what: string, example: string) =>
  text.transform((raw, context) => {
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw.trim());
      if (url.protocol === "http:" || url.protocol === "https:") return url.href.replace(/\/+$/, "");
    } catch {
      // the message below
    }
    context.addIssue({ code: "custom", message: `${name} must be ${what}, such as ${example}, not "${raw}"` });
    return z.NEVER;
  });

const count = (fallback: number, min = 1) =>
  z.unknown().transform((value) => {
    const number = Number(value);
    return Number.isInteger(number) && number >= min ? number : fallback;
  });

const SCHEMAS = {
  /** the Postgres the studio works on; launchers use the embedded database when it is unset (requiredEnv for code that cannot) */
  DATABASE_URL: text,
  /** connections in the process's one pool (lib/server/pg.ts), shared by Prisma, Kysely and pg-boss */
  CAI_POOL_SIZE: count(8),
  /** the key that signs session cookies; `npm start` makes one when it is unset (scripts/studio/auth-secret.ts) */
  BETTER_AUTH_SECRET: text,
  /** the port the web server listens on */
  PORT: text.transform((value) => value ?? "3000"),
  /** the address people type to reach the studio (https behind a proxy); its origin */
  CAI_PUBLIC_URL: z
    .string()
    .optional()
    .transform((value, context) => {
      const trimmed = value?.trim();
      if (!trimmed) return undefined;
      try {
        return new URL(trimmed).origin;
      } catch {
        context.addIssue({ code: "custom", message: `CAI_PUBLIC_URL must be an address such as https://studio.example.org, not "${trimmed}"` });
        return z.NEVER;
      }
    }),
  /** sign-in attempts per client address a minute */
  CAI_SIGN_IN_LIMIT: count(5),
  /** the local data directory (embedded database, exports, session secret); .data under the repo when unset */
  CAI_DATA_DIR: text,
  /** the embedded database's port (54329 when unset) */
  CAI_PGLITE_PORT: text.transform((raw, context) => {
    if (raw === undefined) return 54329;
    const port = Number(raw);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
    context.addIssue({ code: "custom", message: `CAI_PGLITE_PORT must be a port number, not "${raw}"` });
    return z.NEVER;
  }),
  /** who the audit log names for changes made without a signed-in person (the CLI sets it) */
  CAI_ACTOR: z.string().optional(),
  /** browser imports one person may run at once */
  CAI_IMPORT_MAX_PER_PERSON: count(2),
  /** browser imports the studio runs at once */
  CAI_IMPORT_MAX_RUNNING: count(4),
  /** the heap of each import's process, in MB (at least 32) */
  CAI_IMPORT_MEMORY_MB: count(512, 32),
  /** items a worker processes at once */
  CAI_WORKER_SLOTS: count(64),
  /** seconds without a heartbeat after which a claim is taken to be lost */
  CAI_CLAIM_STALE_SECONDS: count(30),
  /** how often a worker renews its claims, in ms */
  CAI_HEARTBEAT_MS: count(5_000),
  /** exports a worker runs at once; 0 for a worker on another machine (files go to this machine's data directory) */
  CAI_EXPORT_SLOTS: z.unknown().transform((value) => (value === "0" ? 0 : count(1).parse(value))),
  /** the key API keys are stored under, 32 bytes as hex or base64 (lib/server/endpoints/secret-box.ts parses it) */
  CAI_SECRET_KEY: z.string().optional(),
  /** endpoints defined by the environment, as JSON (lib/server/endpoints/environment.ts parses it) */
  CAI_ENDPOINTS: z.string().optional(),
  /** the proxies whose X-Forwarded-For is believed (lib/server/client-address.ts parses it) */
  CAI_TRUSTED_PROXIES: z.string().optional(),
  /** the Hugging Face token export pushes upload with (lib/server/exports/hub.ts); never stored, logged or shown */
  HF_TOKEN: text,
  /** the Hugging Face Hub export pushes go to, the variable Hugging Face's own libraries read (https://huggingface.co when unset) */
  HF_ENDPOINT: webAddress("HF_ENDPOINT", "the Hub's address", "https://huggingface.co").transform((value) => value ?? "https://huggingface.co"),
  /** single sign-on: the OpenID Connect issuer, its discovery at <issuer>/.well-known/openid-configuration (lib/server/auth/sso-settings.ts) */
  CAI_OIDC_ISSUER: webAddress("CAI_OIDC_ISSUER", "the identity provider's issuer address", "https://login.example.org"),
  /** single sign-on: the client id the identity provider gave the studio */
  CAI_OIDC_CLIENT_ID: text,
  /** single sign-on: the client secret the identity provider gave the studio (never shown, never logged) */
  CAI_OIDC_CLIENT_SECRET: text,
  /** single sign-on: the email domains whose people may sign in, comma-separated ("*" for any) */
  CAI_OIDC_ALLOWED_DOMAINS: text.transform((raw, context) => {
    if (raw === undefined) return undefined;
    const domains = [
      ...new Set(
        raw
          .split(",")
          .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
          .filter(Boolean),
      ),
    ];
    const bad = domains.find((domain) => domain !== "*" && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain));
    if (bad !== undefined || domains.length === 0) {
      context.addIssue({ code: "custom", message: `CAI_OIDC_ALLOWED_DOMAINS must be email domains separated by commas, such as example.org,lab.example.org (or * for any), not "${raw}"` });
      return z.NEVER;
    }
    return domains;
  }),
  /** single sign-on: what the sign-in button calls the identity provider ("Sign in with <name>") */
  CAI_OIDC_NAME: text.transform((value) => value?.trim() || "single sign-on"),
  /** whether people may sign in with an email and password; on unless "false" (then only single sign-on) */
  CAI_PASSWORD_SIGN_IN: text.transform((raw, context) => {
    const value = raw?.trim().toLowerCase();
    if (value === undefined || ["true", "1", "yes", "on"].includes(value)) return true;
    if (["false", "0", "no", "off"].includes(value)) return false;
    context.addIssue({ code: "custom", message: `CAI_PASSWORD_SIGN_IN must be true or false, not "${raw}"` });
    return z.NEVER;
  }),
} satisfies Record<string, z.ZodType>;

export type EnvName = keyof typeof SCHEMAS;
export type Env = { readonly [Name in EnvName]: z.output<(typeof SCHEMAS)[Name]> };

/** The value of one variable from `source`; an Error whose message names the variable when it is missing or malformed. */
function parse<Name extends EnvName>(name: Name, source: Source): Env[Name] {
  const result = SCHEMAS[name].safeParse(source[name]);
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? `${name} is not valid`);
  return result.data as Env[Name];
}

// what to do about a variable that code cannot run without
const REQUIRED = {
  DATABASE_URL: "DATABASE_URL is not set. Start the studio with `npm start` (it starts the embedded database) or set DATABASE_URL to your Postgres.",
  BETTER_AUTH_SECRET:
    "BETTER_AUTH_SECRET is not set. Start the studio with `npm start` (it keeps a random secret in " +
    ".data/auth-secret) or set BETTER_AUTH_SECRET to at least 32 random characters (openssl rand -base64 32).",
} satisfies Partial<Record<EnvName, string>>;

/** A variable the caller cannot do without: its value, or an Error saying how to set it. */
export function requiredEnv(name: keyof typeof REQUIRED, source?: Source): string {
  const value = parse(name, source ?? process.env);
  if (value === undefined) throw new Error(REQUIRED[name]);
  return value;
}

/** The studio's variables as read from `source` (process.env when not given), each parsed when it is read. */
export function readEnv(source?: Source): Env {
  const view = {} as Env;
  for (const name of Object.keys(SCHEMAS) as EnvName[]) {
    Object.defineProperty(view, name, { enumerable: true, get: () => parse(name, source ?? process.env) });
  }
  return Object.freeze(view);
}

/** The studio's variables from process.env, each read and parsed on use. */
export const env: Env = readEnv();
