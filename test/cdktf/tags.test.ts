/**
 * Pipeline tags: values are plain text (an expression is refused, never turned into ""), and
 * keys and values reach Terraform escaped, in the plain Terraform JSON target and the CDKTF path.
 */
import "../helpers/cdktf.ts";
import { App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { check } from "../../compiler/compile.ts";
import { PipelineStack, DataPipelinePipeline, StepFunctionsPipeline } from "../../compiler/emit/cdktf/index.ts";
import { buildTerraform } from "../../compiler/emit/terraform/build.ts";
import { unescapeTemplate } from "../../compiler/emit/terraform/escape.ts";
import type { Json } from "../helpers/cdktf.ts";
import { unescapedTemplates } from "../helpers/cdktf.ts";
import { EXAMPLE_RUNTIME } from "../helpers/runtime.ts";

const KEY_DOLLAR = "team ${aws_region}";
const KEY_PERCENT = "%{ if true }x%{ endif }";
const VALUE_DOLLAR = "data-${aws_region}";
const VALUE_PERCENT = "%{ if }";

const TAGGED = `pipeline tagged {
  tags = { "${KEY_DOLLAR}": "${VALUE_DOLLAR}", "${KEY_PERCENT}": "${VALUE_PERCENT}", plain: "text" }
  default { scheduleType = cron  schedule = Daily  role = "DataPipelineDefaultRole"  resourceRole = "DataPipelineDefaultResourceRole" }
  Schedule Daily { period = 1 day  startDateTime = 2026-01-01T02:00:00 }
  Ec2Resource Worker { instanceType = "m5.large"  terminateAfter = 1 hour }
  ShellCommandActivity Copy { runsOn = Worker  command = "echo hi" }
}
`;

/** What Terraform makes of the escaped map: the tags as written. */
function evaluatedTags(tags: Record<string, string>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [unescapeTemplate(k) ?? `LIVE ${k}`, unescapeTemplate(v)]));
}

const EXPECTED_TAGS = { [KEY_DOLLAR]: VALUE_DOLLAR, [KEY_PERCENT]: VALUE_PERCENT, plain: "text" };
const ESCAPED_TAGS = { "team $${aws_region}": "data-$${aws_region}", "%%{ if true }x%%{ endif }": "%%{ if }", plain: "text" };

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Every `tags` map of every resource in a document. */
function tagMaps(resources: Resources): { address: string; tags: Record<string, string> }[] {
  const out: { address: string; tags: Record<string, string> }[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(byName)) if (body.tags) out.push({ address: `${type}.${name}`, tags: body.tags as Record<string, string> });
  }
  return out;
}

describe("tag values are plain text", () => {
  it("an expression, a list or a map as a tag value is an error at the value, and the tag is left out", () => {
    const src = `pipeline p {
  param myTeam: String = "data-eng"
  tags = { team: "#<myTeam>", owners: ["a", "b"], nested: { a: "b" }, kept: "yes", word: prod, number: 12 }
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
}
`;
    const r = check("p.pipe", src);
    const found = r.diagnostics.filter((d) => d.code === "PIPE3027");
    expect(found.map((d) => [d.severity, src.slice(d.span.start, d.span.end)])).toEqual([
      ["error", '"#<myTeam>"'],
      ["error", '["a", "b"]'],
      ["error", '{ a: "b" }'],
    ]);
    expect(found[0]!.message).toContain("tag values must be plain text");
    expect(found[0]!.message).toContain("`team`");
    expect(r.ir.pipelines[0]!.tags.map((t) => [t.key, t.value])).toEqual([
      ["kept", "yes"],
      ["word", "prod"],
      ["number", "12"],
    ]);
    // No tag anywhere holds "" in place of what was written.
    expect(r.ir.pipelines[0]!.tags.some((t) => t.value === "")).toBe(false);
  });

  it("an empty string stays an empty tag value, and an escaped \\#< is text", () => {
    const r = check("p.pipe", `pipeline p {
  tags = { empty: "", hash: "\\#<not an expression>" }
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
}
`);
    expect(r.diagnostics.filter((d) => d.code === "PIPE3027")).toEqual([]);
    expect(r.ir.pipelines[0]!.tags.map((t) => [t.key, t.value])).toEqual([
      ["empty", ""],
      ["hash", "#<not an expression>"],
    ]);
  });

  it("the Terraform target builds nothing for a pipeline with such a tag", () => {
    const built = buildTerraform([{ file: "p.pipe", text: TAGGED.replace('plain: "text"', 'plain: "#<1 + 1>"') }], { only: ["datapipeline"] });
    expect(built.diagnostics.map((d) => d.code)).toContain("PIPE3027");
    expect(built.files).toEqual([]);
  });
});

describe("tag keys and values reach Terraform escaped", () => {
  it("plain Terraform JSON, both services: $${ and %%{ in keys and values", () => {
    const built = buildTerraform([{ file: "tagged.pipe", text: TAGGED }], { defaultTags: { "owner ${x}": "%{ y }" }, options: { runtime: EXAMPLE_RUNTIME } });
    expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(built.files.map((f) => f.path)).toEqual(["tagged-datapipeline/main.tf.json", "tagged-stepfunctions/main.tf.json"]);
    for (const f of built.files) {
      expect(f.text).toContain('"team $${aws_region}": "data-$${aws_region}"');
      expect(f.text).toContain('"%%{ if true }x%%{ endif }": "%%{ if }"');
      const doc = JSON.parse(f.text) as { resource: Resources; provider: { aws: { default_tags?: { tags: Record<string, string> }[] }[] } };
      const maps = tagMaps(doc.resource);
      expect(maps.length, f.path).toBeGreaterThan(0);
      for (const { address, tags } of maps) {
        expect(tags, address).toEqual(ESCAPED_TAGS);
        expect(evaluatedTags(tags), address).toEqual(EXPECTED_TAGS);
      }
      expect(doc.provider.aws[0]!.default_tags).toEqual([{ tags: { "owner $${x}": "%%{ y }" } }]);
      expect(unescapedTemplates(doc as unknown as Json), f.path).toEqual([]);
    }
  });

  it("CDKTF constructs, both services, with extra tags from props", () => {
    const extra = { "env ${var.x}": "prod %{ y }" };
    for (const make of [
      (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) => new DataPipelinePipeline(scope, "p", { source: TAGGED, file: "tagged.pipe", tags: extra }),
      (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) => new StepFunctionsPipeline(scope, "p", { source: TAGGED, file: "tagged.pipe", tags: extra, runtime: EXAMPLE_RUNTIME }),
    ]) {
      const doc = JSON.parse(Testing.synthScope((scope) => void make(scope))) as { resource: Resources };
      const maps = tagMaps(doc.resource);
      expect(maps.length).toBeGreaterThan(0);
      for (const { address, tags } of maps) {
        expect(tags, address).toEqual({ ...ESCAPED_TAGS, "env $${var.x}": "prod %%{ y }" });
        expect(evaluatedTags(tags), address).toEqual({ ...EXPECTED_TAGS, ...extra });
      }
      expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
    }
  });

  it("the CDKTF stack's provider default tags", () => {
    const app = Testing.app() as App;
    const stack = new PipelineStack(app, "tagged-datapipeline", {
      service: "datapipeline",
      file: "tagged.pipe",
      source: TAGGED,
      pipeline: "tagged",
      environment: { name: undefined, file: undefined, values: undefined },
      defaultTags: { "owner ${x}": "%{ y }" },
    });
    const doc = JSON.parse(Testing.synth(stack)) as { provider: { aws: { default_tags?: { tags: Record<string, string> }[] }[] } };
    expect(doc.provider.aws[0]!.default_tags).toEqual([{ tags: { "owner $${x}": "%%{ y }" } }]);
    expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
  });
});
