/** `pipec build --target terraform`: plain *.tf.json per stack, escaping, errors, and the ASL adapter. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scheduleOf, sfnDefinitionOf, statementsOf } from "../../compiler/emit/terraform/asl-adapter.ts";
import { unescapeTemplate } from "../../compiler/emit/terraform/escape.ts";
import type { Json } from "../helpers/cdktf.ts";
import { unescapedTemplates } from "../helpers/cdktf.ts";
import { EXAMPLE_RUNTIME } from "../helpers/runtime.ts";

function pipec(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["test/helpers/pipec-src.ts", ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SHELL = `pipeline shell_escape {
  default { scheduleType = ondemand role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource Worker { instanceType = "m5.large" terminateAfter = 1 hour }
  ShellCommandActivity Copy {
    runsOn = Worker
    command = "cp \${INPUT1_STAGING_DIR}/a \${OUTPUT1_STAGING_DIR}/b"
  }
}
`;

describe("pipec build --target terraform", () => {
  it("writes one parseable main.tf.json per stack holding the resources, with shell variables escaped", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-tf-"));
    try {
      writeFileSync(join(dir, "shell.pipe"), SHELL);
      const out = join(dir, "out");
      const r = pipec(["build", join(dir, "shell.pipe"), "--target", "terraform", "--out", out, "--service", "datapipeline"]);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(out)).toEqual(["shell_escape-datapipeline"]);
      const doc = JSON.parse(readFileSync(join(out, "shell_escape-datapipeline", "main.tf.json"), "utf8")) as {
        terraform: { required_providers: { aws: { source: string } } };
        resource: { aws_datapipeline_pipeline: Record<string, unknown>; aws_datapipeline_pipeline_definition: Record<string, { pipeline_object: { id: string; field: { key: string; string_value?: string }[] }[] }> };
      };
      expect(doc.terraform.required_providers.aws.source).toBe("hashicorp/aws");
      expect(Object.keys(doc.resource.aws_datapipeline_pipeline)).toEqual(["shell_escape"]);
      const def = doc.resource.aws_datapipeline_pipeline_definition.shell_escape;
      const command = def.pipeline_object.find((o) => o.id === "Copy")?.field.find((f) => f.key === "command")?.string_value as string;
      expect(command).toBe("cp $${INPUT1_STAGING_DIR}/a $${OUTPUT1_STAGING_DIR}/b");
      expect(unescapeTemplate(command)).toBe("cp ${INPUT1_STAGING_DIR}/a ${OUTPUT1_STAGING_DIR}/b");
      expect(unescapedTemplates(doc.resource as unknown as Json)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes nothing and exits 1 when a file has errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-tf-"));
    try {
      writeFileSync(join(dir, "bad.pipe"), "pipeline bad {\n  ShellCommandActivity A { command = \n}\n");
      const out = join(dir, "out");
      const r = pipec(["build", join(dir, "bad.pipe"), "--target", "terraform", "--out", out, "--format", "concise"]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/bad\.pipe:\d+:\d+: error PIPE\d{4}/);
      expect(() => readdirSync(out)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a Step Functions stack lacking run-time settings is an error; settings from the config, a file or flags build it", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-tf-"));
    try {
      writeFileSync(join(dir, "shell.pipe"), SHELL);
      const out = join(dir, "out");
      const base = ["build", join(dir, "shell.pipe"), "--target", "terraform", "--out", out, "--service", "stepfunctions", "--format", "concise"];
      const missing = pipec(base);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/shell\.pipe:\d+:\d+: error PIPE5212: run-time settings 'ecsCluster'/);
      expect(() => readdirSync(out)).toThrow();

      // cdktf.json's settings, read as a --runtime-file.
      const fromFile = pipec([...base, "--runtime-file", "cdktf.json"]);
      expect(fromFile.status, fromFile.stderr).toBe(0);
      const doc = readFileSync(join(out, "shell_escape-stepfunctions", "main.tf.json"), "utf8");
      expect(doc).toContain("cluster/pipec-examples");

      // pipec.config.json next to the source, with a flag over it.
      writeFileSync(join(dir, "pipec.config.json"), JSON.stringify({ runtime: { "*": { ...(EXAMPLE_RUNTIME["*"] as object), ecsCluster: "from-config" } } }));
      const fromConfig = pipec([...base, "--runtime", "shellContainer=from-flag"]);
      expect(fromConfig.status, fromConfig.stderr).toBe(0);
      const again = readFileSync(join(out, "shell_escape-stepfunctions", "main.tf.json"), "utf8");
      expect(again).toContain("from-config");
      expect(again).toContain("from-flag");

      // --values, --param and --all-envs do not apply to this target.
      expect(pipec([...base, "--all-envs"]).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("needs --out and a known service", () => {
    expect(pipec(["build", "examples/hello-world.pipe", "--target", "terraform"]).status).toBe(2);
    expect(pipec(["build", "examples/hello-world.pipe", "--target", "terraform", "--out", tmpdir(), "--service", "lambda"]).status).toBe(2);
  });
});

describe("reading the Step Functions back end's result", () => {
  it("takes the schedule in the plan's names or Scheduler's API names", () => {
    expect(scheduleOf({ expression: "rate(1 day)", timezone: "UTC", startDate: "2026-01-01T00:00:00Z", input: { a: 1 } })).toEqual({
      expression: "rate(1 day)",
      timezone: "UTC",
      startDate: "2026-01-01T00:00:00Z",
      input: '{"a":1}',
    });
    expect(
      scheduleOf({ ScheduleExpression: "cron(0 2 * * ? *)", FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 }, Target: { Input: '{"x":"<aws.scheduler.scheduled-time>"}' } }),
    ).toEqual({ expression: "cron(0 2 * * ? *)", flexibleWindowMinutes: 15, input: '{"x":"<aws.scheduler.scheduled-time>"}' });
    expect(scheduleOf(undefined)).toBeUndefined();
  });

  it("takes IAM statements in either form", () => {
    expect(statementsOf([{ actions: ["ecs:RunTask"], resources: ["arn:aws:ecs:*:*:task-definition/x"] }])).toEqual([{ actions: ["ecs:RunTask"], resources: ["arn:aws:ecs:*:*:task-definition/x"] }]);
    expect(statementsOf({ Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:us-east-1:1:t", Sid: "Alarm" }] })).toEqual([
      { sid: "Alarm", actions: ["sns:Publish"], resources: ["arn:aws:sns:us-east-1:1:t"] },
    ]);
    expect(statementsOf({ statements: [{ actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] }] })).toEqual([{ actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] }]);
    expect(sfnDefinitionOf({ definition: { StartAt: "A" }, schedule: undefined, iam: [] })).toEqual({ definition: '{"StartAt":"A"}', schedule: undefined, statements: [] });
  });
});
