// What a value becomes on the wire: Response.json writes a Date as its ISO string and leaves out
// functions, so the browser's type of an answer is the JSON of the server's type, not the type itself.

export type Json<T> = T extends Date ? string : T extends (...args: never[]) => unknown ? never : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** The JSON a server function's answer becomes when a route handler returns it as it is. */
export type AnswerOf<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

/** A server value as the browser would receive it from the API, for a page that hands it to a client component the API also feeds. */
export function asJson<T>(value: T): Json<T> {
  return JSON.parse(JSON.stringify(value)) as Json<T>;
}
