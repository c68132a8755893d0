/** @type {import('next').NextConfig} */
const nextConfig = {
  // The PGlite packages and pg are Node-only; keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "pg-copy-streams"],
  poweredByHeader: false,
};

export default nextConfig;
