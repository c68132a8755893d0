import type { FieldIssue } from "@/lib/schemas/api-error";

// Errors that services throw on purpose. Each carries the HTTP status it means, a message written
// for the person using the studio, and the request fields it is about (so a form can put the
// message beside them); lib/server/http.ts turns them into responses, and any other error becomes
// a 500 whose details stay in the server log.

export class UserError extends Error {
  readonly status: number = 400;
  /** The request fields the refusal is about (none when it is about the request as a whole). */
  readonly fields: FieldIssue[];
  constructor(message: string, options: { fields?: FieldIssue[] } = {}) {
    super(message);
    this.name = new.target.name;
    this.fields = options.fields ?? [];
  }

  /** A refusal about one request field: people read "path: message", a form puts `message` beside the field. */
  static about<E extends UserError>(this: new (message: string, options?: { fields?: FieldIssue[] }) => E, path: string, message: string): E {
    return new this(`${path}: ${message}`, { fields: [{ path, message }] });
  }

  /** A refusal of several fields at once (a schema's issues): their messages joined, each field kept. */
  static ofFields(fields: FieldIssue[]): UserError {
    return new UserError(fields.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join("; "), { fields });
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
  if (error instanceof UserError) return { status: error.status, message: error.message, fields: error.fields };
  console.error(error);
  return { status: 500, message: GENERIC_MESSAGE, fields: [] };
}
