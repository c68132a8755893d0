import "server-only";
import { openAsBlob } from "node:fs";
import path from "node:path";
import { createRepo, HubApiError, uploadFiles } from "@huggingface/hub";
import { readEnv } from "../env";
import { MissingEnvironmentError, UserError } from "../errors";

// Uploading an export run's files to a Hugging Face Hub dataset repo with @huggingface/hub: the
// repo is made if missing (an existing one is kept, with its visibility), then one commit adds the
// files. Files go as the Hub asks, inline or through Git LFS; never through xet (useXet: false),
// whose chunking protocol is more than a stand-in can answer and gains nothing for files uploaded
// once. The token comes from the environment of the process that pushes (HF_TOKEN), the Hub's
// address from HF_ENDPOINT (Hugging Face's libraries read the same two), and the token is cut out
// of every message this module lets out: a server that echoes a header must not put it in the
// database, a log or a page.

export interface HubTarget {
  /** the Hub's address, without a trailing slash */
  hubUrl: string;
  token: string;
}

export interface HubFile {
  /** the path in the repo */
  name: string;
  /** a file on disk, or its text */
  source: { path: string } | { text: string };
}

export interface HubCommit {
  commitOid: string;
  commitUrl: string;
  /** the dataset's page */
  datasetUrl: string;
}

export const HF_TOKEN_MISSING =
  "set HF_TOKEN to push to the Hub: a Hugging Face token allowed to write to the dataset's namespace, in the environment of the studio and its worker (or of the command line)";

/** Where pushes go and with what token, from the environment; a clear refusal when the token is unset. */
export function hubTarget(source?: Readonly<Record<string, string | undefined>>): HubTarget {
  const env = readEnv(source);
  const token = env.HF_TOKEN;
  if (!token) throw new MissingEnvironmentError("HF_TOKEN", HF_TOKEN_MISSING);
  return { hubUrl: env.HF_ENDPOINT, token };
}

/** The dataset's page on the Hub. */
export const datasetUrl = (hubUrl: string, repo: string) => `${hubUrl}/datasets/${repo}`;

/** `text` with the token, and anything shaped like a Hugging Face token, cut out. */
export function redactToken(text: string, token: string): string {
  return (token ? text.replaceAll(token, "[HF_TOKEN]") : text).replace(/\bhf_[A-Za-z0-9]{6,}/g, "[HF_TOKEN]");
}

/** A push the Hub (or the way to it) refused: its message names the Hub and says why, token-free. */
export class HubPushError extends UserError {}

function describe(error: unknown, target: HubTarget, repo: string): string {
  if (error instanceof HubApiError) {
    const why = error.message.replace(/\. URL: .*$/s, "");
    if (error.statusCode === 401 || error.statusCode === 403) {
      return `the Hub at ${target.hubUrl} refused the token (HTTP ${error.statusCode}: ${why}). HF_TOKEN must be a write token of an account that may write to "${repo.split("/")[0]}".`;
    }
    return `the Hub at ${target.hubUrl} answered HTTP ${error.statusCode}: ${why}`;
  }
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  if (error instanceof TypeError && error.message === "fetch failed") return `could not reach the Hub at ${target.hubUrl}: ${cause ?? error.message}`;
  return `pushing to the Hub at ${target.hubUrl} failed: ${(error as Error).message ?? String(error)}`;
}

/**
 * Makes the dataset repo `repo` if it does not exist (private or public as asked), then commits
 * `files` to its main branch in one commit. Throws HubPushError with a token-free message.
 */
export async function pushFilesToHub(
  target: HubTarget,
  request: { repo: string; private: boolean; files: HubFile[]; title: string; description?: string; signal?: AbortSignal },
): Promise<HubCommit> {
  const repo = { type: "dataset" as const, name: request.repo };
  try {
    await createRepo({ repo, accessToken: target.token, hubUrl: target.hubUrl, visibility: request.private ? "private" : "public" }).catch((error: unknown) => {
      // it exists already: push to it as it is
      if (!(error instanceof HubApiError && error.statusCode === 409)) throw error;
    });
    const files = await Promise.all(
      request.files.map(async (file) => ({
        path: file.name,
        content: "path" in file.source ? await openAsBlob(file.source.path) : new Blob([file.source.text]),
      })),
    );
    const output = await uploadFiles({
      repo,
      accessToken: target.token,
      hubUrl: target.hubUrl,
      files,
      commitTitle: request.title,
      commitDescription: request.description,
      useXet: false,
      abortSignal: request.signal,
    });
    if (!output) throw new Error("the Hub answered the commit without a commit");
    return { commitOid: output.commit.oid, commitUrl: output.commit.url, datasetUrl: datasetUrl(target.hubUrl, request.repo) };
  } catch (error) {
    throw new HubPushError(redactToken(describe(error, target, request.repo), target.token));
  }
}

/** The files of a run's directory as the push uploads them. */
export const filesOnDisk = (directory: string, names: string[]): HubFile[] => names.map((name) => ({ name, source: { path: path.join(directory, name) } }));
