import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTerraform } from "../../compiler/emit/terraform/build.ts";
import { escapeTemplate, unescapeTemplate } from "../../compiler/emit/terraform/escape.ts";

const CASES = [
  "aws s3 sync ${INPUT1_STAGING_DIR} s3://bucket/",
  "%{ if x }yes%{ endif }",
  "already $${escaped} and %%{this}",
  "$$${three} %%%{three}",
  "ends with $",
  "ends with %",
  "${",
  "%{",
  "$ {not a template} % {either}",
  "#{format(@scheduledStartTime,'YYYY')} {% $states.input %}",
  "",
  "plain text",
  "$$$$",
  "{${}}",
];

describe("Terraform template escaping", () => {
  it("escapes every ${ and %{ so that Terraform yields the text unchanged", () => {
    for (const text of CASES) {
      const escaped = escapeTemplate(text);
      expect(unescapeTemplate(escaped), JSON.stringify(text)).toBe(text);
    }
  });

  it("writes shell variables as $${...}", () => {
    expect(escapeTemplate("cp ${INPUT1_STAGING_DIR}/a ${OUTPUT1_STAGING_DIR}")).toBe("cp $${INPUT1_STAGING_DIR}/a $${OUTPUT1_STAGING_DIR}");
    expect(escapeTemplate("%{x}")).toBe("%%{x}");
  });

  it("reports live interpolations as not literal", () => {
    expect(unescapeTemplate("${aws_sfn_state_machine.x.arn}")).toBeUndefined();
    expect(unescapeTemplate("a %{ if b }")).toBeUndefined();
    expect(unescapeTemplate("$${a}")).toBe("${a}");
  });

  it("agrees with many random strings over the alphabet $ % { } a", () => {
    const alphabet = ["$", "%", "{", "}", "a"];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      let s = "";
      const len = next() % 12;
      for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
      expect(unescapeTemplate(escapeTemplate(s)), JSON.stringify(s)).toBe(s);
    }
  });
});

/** Terraform itself, when installed: the escaped text evaluates to the original. */
function terraformBinary(): string | undefined {
  for (const bin of ["terraform", "tofu"]) {
    try {
      execFileSync(bin, ["version"], { stdio: "ignore", timeout: 20_000 });
      return bin;
    } catch {
      // not installed
    }
  }
  return undefined;
}

const bin = terraformBinary();

describe.skipIf(bin === undefined)("Terraform's own template evaluation", () => {
  it("turns the escaped strings back into the originals", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipec-tf-escape-"));
    try {
      const texts = CASES.filter((t) => t !== "");
      const locals: Record<string, string> = {};
      texts.forEach((t, i) => (locals[`v${i}`] = escapeTemplate(t)));
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals }));
      const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
      execFileSync(bin as string, ["init", "-input=false", "-backend=false"], { cwd: dir, env, stdio: "ignore", timeout: 60_000 });
      const evaluated = execFileSync(bin as string, ["console"], {
        cwd: dir,
        env,
        input: `jsonencode([${texts.map((_, i) => `local.v${i}`).join(",")}])\n`,
        timeout: 60_000,
      }).toString();
      // console prints the HCL string literal of the JSON text
      const jsonText = JSON.parse(evaluated.trim()) as string;
      expect(JSON.parse(jsonText)).toEqual(texts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("evaluates a ShellCommandActivity's command from the Terraform target to the text AWS must get", () => {
    const source = `pipeline shell {
  default { scheduleType = ondemand role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource W { instanceType = "t3.micro" terminateAfter = 1 hour }
  ShellCommandActivity Copy { runsOn = W command = "cp \${INPUT1_STAGING_DIR}/a %{x} \${OUTPUT1_STAGING_DIR}/b" }
}
`;
    const built = buildTerraform([{ file: "shell.pipe", text: source }], { only: ["datapipeline"] });
    const doc = JSON.parse(built.files[0].text) as {
      resource: { aws_datapipeline_pipeline_definition: Record<string, { pipeline_object: { id: string; field: { key: string; string_value?: string }[] }[] }> };
    };
    const command = doc.resource.aws_datapipeline_pipeline_definition.shell.pipeline_object.find((o) => o.id === "Copy")?.field.find((f) => f.key === "command")?.string_value as string;
    expect(command).toBe("cp $${INPUT1_STAGING_DIR}/a %%{x} $${OUTPUT1_STAGING_DIR}/b");
    const dir = mkdtempSync(join(tmpdir(), "pipec-tf-escape-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: { command } }));
      const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
      execFileSync(bin as string, ["init", "-input=false", "-backend=false"], { cwd: dir, env, stdio: "ignore", timeout: 60_000 });
      const out = execFileSync(bin as string, ["console"], { cwd: dir, env, input: "jsonencode(local.command)\n", timeout: 60_000 }).toString();
      expect(JSON.parse(JSON.parse(out.trim()) as string)).toBe("cp ${INPUT1_STAGING_DIR}/a %{x} ${OUTPUT1_STAGING_DIR}/b");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
