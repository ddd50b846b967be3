import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/globalSetup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    // Each test file keeps its own module graph: protocol-kit memoizes contracts per address (see STACK.md).
    isolate: true,
  },
});
