import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for the Hugging Face Hub on 127.0.0.1, implementing exactly what @huggingface/hub
// 2.17.5 calls to create a dataset repo and commit files to it without xet (useXet: false):
//
//   POST /api/repos/create                                 {name, organization, type, visibility}: 200 {url, id}, 409 if it exists
//   POST /api/datasets/{ns}/{name}/preupload/{rev}         which files go through LFS ("lfs") and which inline ("regular")
//   POST /datasets/{ns}/{name}.git/info/lfs/objects/batch  Git LFS batch (basic transfer): an upload URL per object not stored yet
//   PUT  /lfs-upload/{ticket}                              the object's bytes (no token, as to a storage URL); sha256 checked
//   POST /api/datasets/{ns}/{name}/commit/{rev}            NDJSON: header, then "file" (base64) and "lfsFile" (an uploaded oid) lines
//
// Every /api and .git call must carry `Authorization: Bearer <token>`; the files a commit names are
// kept per repo, so a test can read what arrived. Any other request is answered 404 and recorded in
// `unexpected`. Files of `lfsFrom` bytes or more, and every .parquet, go through LFS, as the Hub
// sends binaries and large files there.

export interface HubRepo {
  visibility: string | undefined;
  files: Map<string, Buffer>;
  /** each commit's files: those that came through LFS, and those that came inline */
  commits: { oid: string; title: string; lfs: string[]; inline: string[] }[];
}

export interface HubStandIn {
  url: string;
  repos: Map<string, HubRepo>;
  /** "METHOD path" of each request answered, in order */
  requests: string[];
  /** requests the stand-in does not implement */
  unexpected: string[];
  close(): Promise<void>;
}

export interface HubStandInOptions {
  token: string;
  /** files of this many bytes or more go through LFS (default 1,024) */
  lfsFrom?: number;
  /** the port to listen on (any free one when not given) */
  port?: number;
  /** a careless server: its 401 repeats the Authorization header it got (for the tests that the studio redacts it) */
  echoTokenInErrors?: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export async function startHubStandIn(options: HubStandInOptions): Promise<HubStandIn> {
  const lfsFrom = options.lfsFrom ?? 1024;
  const repos = new Map<string, HubRepo>();
  const requests: string[] = [];
  const unexpected: string[] = [];
  /** LFS objects uploaded, by sha256 */
  const objects = new Map<string, Buffer>();
  /** upload URLs handed out by the batch call: ticket -> the object it is for */
  const tickets = new Map<string, { oid: string; size: number }>();
  let base = "";

  const authorize = (request: IncomingMessage) => {
    const header = request.headers.authorization;
    if (header === `Bearer ${options.token}`) return;
    const echoed = options.echoTokenInErrors ? ` (got "${header ?? ""}")` : "";
    throw new HttpError(401, `Invalid credentials in Authorization header${echoed}`);
  };
  const repoOf = (name: string) => {
    const repo = repos.get(name);
    if (!repo) throw new HttpError(404, `Repository not found: datasets/${name}`);
    return repo;
  };

  const routes: [string, RegExp, (request: IncomingMessage, match: string[]) => Promise<unknown>][] = [
    [
      "POST",
      /^\/api\/repos\/create$/,
      async (request) => {
        authorize(request);
        const { name, organization, type, visibility } = JSON.parse((await body(request)).toString("utf8")) as Record<string, string | undefined>;
        if (type !== "dataset") throw new HttpError(400, `the stand-in only makes dataset repos, not ${type}`);
        const id = `${organization}/${name}`;
        if (repos.has(id)) throw new HttpError(409, "You already created this dataset repo");
        repos.set(id, { visibility, files: new Map(), commits: [] });
        return { url: `${base}/datasets/${id}`, name: id, id: randomUUID() };
      },
    ],
    [
      "POST",
      /^\/api\/datasets\/([^/]+\/[^/]+)\/preupload\/([^/]+)$/,
      async (request, [repo]) => {
        authorize(request);
        repoOf(repo);
        const { files } = JSON.parse((await body(request)).toString("utf8")) as { files: { path: string; size: number }[] };
        return { files: files.map((f) => ({ path: f.path, uploadMode: f.size >= lfsFrom || f.path.endsWith(".parquet") ? "lfs" : "regular", shouldIgnore: false })) };
      },
    ],
    [
      "POST",
      /^\/datasets\/([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/,
      async (request, [repo]) => {
        authorize(request);
        repoOf(repo);
        const batch = JSON.parse((await body(request)).toString("utf8")) as { operation: string; transfers: string[]; objects: { oid: string; size: number }[] };
        if (batch.operation !== "upload" || !batch.transfers.includes("basic")) throw new HttpError(400, "the stand-in takes basic uploads only");
        return {
          transfer: "basic",
          objects: batch.objects.map(({ oid, size }) => {
            if (objects.has(oid)) return { oid, size };
            const ticket = randomUUID();
            tickets.set(ticket, { oid, size });
            return { oid, size, authenticated: true, actions: { upload: { href: `${base}/lfs-upload/${ticket}`, expires_in: 3600 } } };
          }),
        };
      },
    ],
    [
      "PUT",
      /^\/lfs-upload\/([0-9a-f-]+)$/,
      async (request, [ticket]) => {
        const expected = tickets.get(ticket);
        if (!expected) throw new HttpError(403, "no such upload");
        const bytes = await body(request);
        if (bytes.length !== expected.size || sha256(bytes) !== expected.oid) throw new HttpError(400, "the object's bytes do not match its oid and size");
        tickets.delete(ticket);
        objects.set(expected.oid, bytes);
        return {};
      },
    ],
    [
      "POST",
      /^\/api\/datasets\/([^/]+\/[^/]+)\/commit\/([^/]+)$/,
      async (request, [repoName]) => {
        authorize(request);
        const repo = repoOf(repoName);
        if (!request.headers["content-type"]?.startsWith("application/x-ndjson")) throw new HttpError(400, "a commit is NDJSON");
        const lines = (await body(request))
          .toString("utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { key: string; value: Record<string, string | number> });
        const [header, ...operations] = lines;
        if (header?.key !== "header") throw new HttpError(400, "a commit starts with its header");
        const staged = new Map<string, Buffer>();
        const lfs: string[] = [];
        const inline: string[] = [];
        for (const { key, value } of operations) {
          const path = String(value.path);
          if (key === "file" && value.encoding === "base64") {
            staged.set(path, Buffer.from(String(value.content), "base64"));
            inline.push(path);
          } else if (key === "lfsFile") {
            const object = objects.get(String(value.oid));
            if (!object || object.length !== value.size) throw new HttpError(400, `LFS object ${value.oid} of ${path} was not uploaded`);
            staged.set(path, object);
            lfs.push(path);
          } else throw new HttpError(400, `the stand-in does not take "${key}" operations`);
        }
        for (const [path, bytes] of staged) repo.files.set(path, bytes);
        const oid = createHash("sha1").update(randomUUID()).digest("hex");
        repo.commits.push({ oid, title: String(header.value.summary), lfs, inline });
        return { success: true, commitOid: oid, commitUrl: `${base}/datasets/${repoName}/commit/${oid}`, hookOutput: "" };
      },
    ],
  ];

  const answer = (response: ServerResponse, status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    const route = routes.find(([method, pattern]) => method === request.method && pattern.test(path));
    requests.push(`${request.method} ${path}`);
    if (!route) {
      unexpected.push(`${request.method} ${request.url}`);
      request.resume();
      answer(response, 404, { error: `the stand-in does not implement ${request.method} ${path}` });
      return;
    }
    const match = route[1].exec(path)!.slice(1);
    route[2](request, match).then(
      (value) => answer(response, 200, value),
      (error: unknown) => {
        request.resume();
        answer(response, error instanceof HttpError ? error.status : 500, { error: (error as Error).message });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    repos,
    requests,
    unexpected,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
