import "server-only";
import { UserError } from "../errors";

// A run kind's refusal names the field of its own request ("constitutionVersionId"); inside an
// experiment that field is one arm's, the judge's or the scorer's ("arms.1.constitutionVersionId").

/** Runs `work`, giving the fields a UserError of it names their place in the experiment's request. */
export async function withFieldPaths<T>(place: (path: string) => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const fields = error.fields.length > 0 ? error.fields : [{ path: "", message: error.message }];
    throw UserError.ofFields(fields.map((field) => ({ path: place(field.path), message: field.message })));
  }
}

/** A field of the part of the experiment at `prefix` ("arms.1", "judge"); the dataset is the experiment's own. */
export function under(prefix: string): (path: string) => string {
  return (path) => (path === "datasetId" ? path : path ? `${prefix}.${path}` : prefix);
}
