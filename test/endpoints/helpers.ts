import { randomBytes, randomUUID } from "node:crypto";
import { vi } from "vitest";
import type { CreateEndpointInput } from "@/lib/schemas/endpoints";
import { createEndpointSchema } from "@/lib/schemas/endpoints";

// Shared by the endpoint tests: unique names (every test file shares one database), a secret key
// for the secret box, and endpoint inputs shaped as the settings form sends them.

export const SECRET_KEY_HEX = randomBytes(32).toString("hex");

export function useSecretKey(value: string | undefined = SECRET_KEY_HEX): void {
  vi.stubEnv("CAI_SECRET_KEY", value);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function endpointInput(overrides: Record<string, unknown> = {}): CreateEndpointInput {
  return createEndpointSchema.parse({ name: uniqueName("endpoint"), kind: "OPENAI_COMPATIBLE", model: "fake-chat", ...overrides });
}
