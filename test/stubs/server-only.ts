// Stands in for the `server-only` marker package outside Next's server bundle (see vitest.config.ts).
export {};
