/** The `pipec/cdktf` bundle (dist/cdktf.mjs): one file, cdktf external, usable from a CDKTF app. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";

describe("pipec/cdktf bundle", () => {
  it("builds, keeps cdktf and the provider external, and synthesizes a pipeline", async () => {
    const dir = mkdtempSync(join(process.cwd(), "node_modules", ".pipec-bundle-"));
    try {
      const out = join(dir, "cdktf.mjs");
      execFileSync(process.execPath, ["scripts/build-cdktf.ts", out], { stdio: "pipe", timeout: 60_000 });
      const text = readFileSync(out, "utf8");
      expect(text).not.toMatch(/class TerraformStack\b/);
      expect(text).toContain('from "@cdktf/provider-aws/lib/sfn-state-machine/index.js"');
      expect(text).not.toMatch(/from "@cdktf\/provider-aws"/);
      const lib = (await import(pathToFileURL(out).href)) as typeof import("../../compiler/emit/cdktf/index.ts");
      const json = Testing.synthScope((scope) => {
        new lib.DataPipelinePipeline(scope, "p", { file: "examples/hello-world.pipe" });
      });
      expect(Testing.toHaveResource(json, "aws_datapipeline_pipeline_definition")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

