/** @type {import('next').NextConfig} */
const nextConfig = {
  // The PGlite packages and pg are Node-only; keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-copy-streams"],
  poweredByHeader: false,
};

export default nextConfig;
