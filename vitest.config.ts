import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two test files at a time whatever the core count (vitest's default is cores − 1: one file
    // at a time on two cores). Many files mostly wait on child processes (npm installs for the
    // pre-commit hooks, the CLI, cdktf), so a second file uses the core they leave idle.
    maxWorkers: 2,
    setupFiles: ["test/helpers/fc-setup.ts"],
    globalSetup: ["test/helpers/build-dist.ts"],
  },
});
