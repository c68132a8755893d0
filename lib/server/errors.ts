// Errors that services throw on purpose. Each carries the HTTP status it means and a message
// written for the person using the studio; lib/server/http.ts turns them into responses, and any
// other error becomes a 500 whose details stay in the server log.

export class UserError extends Error {
  readonly status: number = 400;
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
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
 * Status and user-facing message for any thrown value; logs what the user must not see. Here, with
 * the errors, rather than in http.ts, so a process without routes (the import child) answers alike.
 */
export function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof UserError) return { status: error.status, message: error.message };
  console.error(error);
  return { status: 500, message: GENERIC_MESSAGE };
}
