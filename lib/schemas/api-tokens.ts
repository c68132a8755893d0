import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

// API tokens as Settings and their routes write them (lib/server/auth/api-tokens.ts): a name to
// tell them apart, a role no higher than the owner's (checked on the server, which knows it), and
// a lifetime in days. Every token expires.

export const TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;
export const TOKEN_NAME_MAX = 100;

export const newApiTokenSchema = z
  .object({
    name: z
      .string({ error: "is required" })
      .trim()
      .min(1, "is required")
      .max(TOKEN_NAME_MAX, `must be at most ${TOKEN_NAME_MAX} characters`)
      // eslint-disable-next-line no-control-regex -- control characters are what this rejects
      .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), "must not contain control characters"),
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
    expiresInDays: z.coerce
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(365, "must be at most 365 days (a token that never expires is not offered)"),
  })
  .strict();
export type NewApiToken = z.infer<typeof newApiTokenSchema>;
