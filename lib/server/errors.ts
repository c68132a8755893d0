import type { FieldIssue } from "@/lib/schemas/api-error";

// Errors that services throw on purpose. Each carries the HTTP status it means, a message written
// for the person using the studio, and the request fields it is about (so a form can put the
// message beside them); lib/server/http.ts turns them into responses, and any other error becomes
// a 500 whose details stay in the server log.

export class UserError extends Error {
  readonly status: number = 400;
  /** The fields named explicitly; when none are, `fieldsOf` reads a leading "path: " of the message. */
  readonly fields: FieldIssue[];
  constructor(message: string, options: { fields?: FieldIssue[] } = {}) {
    super(message);
    this.name = new.target.name;
    this.fields = options.fields ?? [];
  }
}

export class NotFoundError extends UserError {
  override readonly status = 404;
}

export class ConflictError extends UserError {
  override readonly status = 409;
}

/**
 * An environment variable this process needs (an endpoint's key, CAI_SECRET_KEY) is not set here.
 * Another process may have it: a worker leaves such work for one that does.
 */
export class MissingEnvironmentError extends UserError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** No signed-in user: the request needs a session. */
export class UnauthorizedError extends UserError {
  override readonly status = 401;
}

/** Signed in, but not allowed: too low a role, or a request from another site. */
export class ForbiddenError extends UserError {
  override readonly status = 403;
}

const GENERIC_MESSAGE = "Something went wrong on the server. The details are in the server log.";

/**
 * Status, user-facing message and the fields it is about, for any thrown value; logs what the user
 * must not see. Here, with the errors, rather than in http.ts, so a process without routes (the
 * import child) answers alike.
 */
export function describeError(error: unknown): { status: number; message: string; fields: FieldIssue[] } {
  if (error instanceof UserError) return { status: error.status, message: error.message, fields: fieldsOf(error) };
  console.error(error);
  return { status: 500, message: GENERIC_MESSAGE, fields: [] };
}

/**
 * Services name the field a refusal is about by starting the message with its request path
 * ("endpointId: there is no endpoint 7"); until each passes `fields` itself, that one leading path
 * is read here, on the server, so the browser gets structured fields and never parses messages.
 */
function fieldsOf(error: UserError): FieldIssue[] {
  if (error.fields.length > 0) return error.fields;
  const named = /^([A-Za-z_]\w*(?:\.\w+)*): ([\s\S]+)$/.exec(error.message);
  return named ? [{ path: named[1]!, message: named[2]! }] : [];
}
