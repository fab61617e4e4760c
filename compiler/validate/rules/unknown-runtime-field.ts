import { MODEL_DATA, objectType, runtimeField, runtimeFieldsOn, suggest } from "../../model/index.ts";
import type { RuntimeFieldSpec } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3022",
  name: "unknown-runtime-field",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "A runtime field `@x` that does not exist, or that the object's type does not have.",
  explanation: [
    "Runtime fields are slots the service fills in per run: `@scheduledStartTime`,",
    "`@scheduledEndTime`, `@actualStartTime`, `@pipelineId`, `@id`, ... Each type has its own set:",
    "a Schedule or an SnsAlarm has no `@scheduledStartTime` of its own (in an action, read",
    "`node.@scheduledStartTime`).",
    "",
    "```",
    "\"#<format(@scheduleStartTime, 'YYYY')>\"   // PIPE3022: did you mean `@scheduledStartTime`?",
    "```",
  ].join("\n"),
};

const ALL = MODEL_DATA.runtimeFields.map((r) => (r.name.startsWith("@") ? r.name : `@${r.name}`));

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    const specs = new Map<string, RuntimeFieldSpec | undefined>(); // runtimeField(`@${name}`) per name
    return {
      expr(e, site) {
        const name = e.kind === "runtime" ? e.name : e.kind === "member" && e.runtime ? e.name : undefined;
        if (name === undefined) return;
        let spec = specs.get(name);
        if (spec === undefined && !specs.has(name)) {
          spec = runtimeField(`@${name}`);
          specs.set(name, spec);
        }
        if (!spec) {
          const s = suggest(`@${name}`, ALL);
          ctx.report({ span: e.kind === "member" ? { start: e.span.end - name.length - 1, end: e.span.end } : e.span, message: `\`@${name}\` is not a runtime field`, hint: s ? `did you mean \`${s}\`?` : undefined });
          return;
        }
        if (e.kind !== "runtime") return;
        const type = site.object.type;
        if (type === undefined || !objectType(type) || spec.onTypes.length === 0) return;
        if (runtimeFieldsOn(type).some((r) => r.name === spec.name)) return;
        const category = objectType(type)?.category;
        ctx.report({
          span: e.span,
          message: `\`${type}\` objects have no runtime field \`@${name}\``,
          hint: category === "action" || category === "precondition" ? `read the triggering object's value: node.@${name}` : undefined,
        });
      },
    };
  },
};
