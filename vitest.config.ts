import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start their own local cloud on an ephemeral loopback port; files run in parallel safely.
    pool: 'forks',
    // Every file's logs are checked for secrets and signed requests after its last test.
    setupFiles: ['test/security/log-guard.setup.ts'],
  },
});
