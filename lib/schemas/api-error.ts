import { z } from "zod";

// The one shape of every error the API answers: a message for the person, and the fields it is
// about (a zod issue's path joined with dots, or a service's own field name), so a form can put
// each message beside its field without reading the message.

export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const apiErrorSchema = z.object({ error: z.string(), fields: z.array(fieldIssueSchema) });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
