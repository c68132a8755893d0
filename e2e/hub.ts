// Pushes to the Hugging Face Hub in the e2e studio: scripts/e2e-server.ts gives the studio these
// settings, and e2e/hub.spec.ts starts the Hub stand-in (test/hub-stand-in) they point at, on
// E2E_HUB_PORT (3104 unless set). The token is a test value the stand-in alone accepts.

export const E2E_HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 3104);
export const E2E_HUB_TOKEN = "hf_e2eOnlyTokenForTheHubStandIn";

export function e2eHubEnvironment(): Record<string, string> {
  return { HF_TOKEN: E2E_HUB_TOKEN, HF_ENDPOINT: `http://127.0.0.1:${E2E_HUB_PORT}` };
}
