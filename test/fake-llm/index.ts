export { startFakeLlmServer, DEFAULT_FAILURE_KINDS } from "./server";
export { defaultReply } from "./default-reply";
export type * from "./types";
