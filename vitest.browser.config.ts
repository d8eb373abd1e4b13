import { defineConfig } from 'vitest/config'

/** Real Chromium against a real server: run with `npm run test:browser`. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.{ts,tsx}'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One Chromium at a time: this machine has two cores.
    fileParallelism: false,
  },
})
