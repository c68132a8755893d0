import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

// People as the setup page, the users page and their routes write them: one set of rules for the
// form and the server. Password lengths match Better Auth's options in lib/server/auth/auth.ts.

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "is not an email address" }));
const name = z.string().trim().max(200, "must be at most 200 characters").default("");
export const passwordSchema = z
  .string({ error: "is required" })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export const newUserSchema = z.object({ email, name, role, password: passwordSchema }).strict();
export type NewUser = z.infer<typeof newUserSchema>;

/** The first admin: the password typed twice, because nobody can reset it yet. */
export const setupSchema = z
  .object({ email, name, password: passwordSchema, confirm: z.string({ error: "is required" }) })
  .strict()
  .refine((input) => input.password === input.confirm, { path: ["confirm"], message: "does not match the password" });
export type SetupInput = z.infer<typeof setupSchema>;

/**
 * What people may change about themselves (Better Auth's update-user): their display name, which
 * reviews and the audit trail show. Email, role and picture are an admin's to set, or not used.
 */
export const SELF_EDITABLE_FIELDS = ["name"] as const;
export const ownProfileSchema = z.object({
  name: z
    .string({ error: "must be text" })
    .trim()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    // eslint-disable-next-line no-control-regex -- control characters are what this rejects
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), "must not contain control characters (tabs, line breaks)"),
});
export type OwnProfile = z.infer<typeof ownProfileSchema>;

export const roleChangeSchema = z.object({ role }).strict();
export const passwordResetSchema = z.object({ password: passwordSchema }).strict();
export const userIdParamsSchema = z.object({ id: z.string().min(1).max(100) });
