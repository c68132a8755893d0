import { FieldError } from "./problems";

// For the format readers' tests: the FieldError a reader throws, as the field and message a user
// would be shown, so a test can say which field was named and how.

/** The field and message of the FieldError `run` throws; any other outcome fails the test. */
export function fieldError(run: () => unknown): { field?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error("expected a FieldError");
}
