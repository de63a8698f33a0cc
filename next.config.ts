import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and WASM-backed packages stay out of the bundle (see DESIGN.md "Known pitfalls").
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/client', 'pg-boss'],
  // SSE must not be buffered by compression.
  compress: false,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
