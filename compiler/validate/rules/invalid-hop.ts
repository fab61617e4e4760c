import { fieldNames, objectType, runtimeField, suggest } from "../../model/index.ts";
import type { ExprIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { specFor } from "../../resolve/fields.ts";

export const meta: RuleMeta = {
  code: "PIPE3024",
  name: "invalid-hop",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html",
  summary: "A `.field` hop through something that is not a reference, or to a field the target does not have.",
  explanation: [
    "`a.b` reads field `b` of the object that reference field `a` points to: `#<input.directoryPath>`,",
    "`#<node.output.directoryPath>`. The left side must be a reference field (or `node`), and the",
    "objects it points to must have the field. A runtime field at the end of a chain through",
    "`node` (`node.output.@actualEndTime`) is not supported by Data Pipeline.",
    "",
    "```",
    "ShellCommandActivity Copy { input = Raw  command = \"ls #<input.directoryPth>\" }   // PIPE3024",
    "```",
  ].join("\n"),
};

function describe(e: ExprIR): string {
  switch (e.kind) {
    case "param":
      return `the parameter \`${e.id}\``;
    case "field":
      return `the field \`${e.name}\``;
    case "call":
      return `the result of \`${e.fn}\``;
    default:
      return "this value";
  }
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      expr(e, site) {
        if (e.kind !== "member") return;
        const t = e.target;
        const nameSpan = { start: e.span.end - e.name.length - (e.runtime ? 1 : 0), end: e.span.end };
        if (t.type !== "Ref" && t.type !== "unknown") {
          ctx.report({ span: nameSpan, message: `${describe(t)} is not a reference, so \`.${e.runtime ? "@" : ""}${e.name}\` cannot read a field through it` });
          return;
        }
        if (t.type === "unknown" && (t.kind === "param" || t.kind === "call" || t.kind === "string" || t.kind === "number")) {
          ctx.report({ span: nameSpan, message: `${describe(t)} is not a reference, so \`.${e.name}\` cannot read a field through it` });
          return;
        }
        if (e.runtime && t.kind === "member" && t.target.kind === "node") {
          ctx.report({ span: nameSpan, message: "Data Pipeline does not support a runtime field after a hop through `node` (`node.x.@y`)" });
          return;
        }
        if (e.runtime || t.kind !== "field") return;
        // A hop from the object's own ref field: check the target objects have the field.
        const eff = site.object.effective.get(t.name);
        if (!eff) return;
        for (const v of eff.field.values) {
          if (v.kind !== "ref") continue;
          const target = p.byId.get(v.id);
          if (!target?.type || !objectType(target.type)) continue;
          if (e.name === "id" || e.name === "name" || target.effective.has(e.name) || /^my[A-Z_]/.test(e.name)) continue;
          const spec = specFor(target.type, e.name);
          if (spec && !spec.runtime) continue;
          if (runtimeField(e.name)) continue;
          const s = suggest(e.name, fieldNames(target.type).filter((n) => !n.startsWith("@")));
          ctx.report({
            span: nameSpan,
            message: `\`${t.name}\` points to \`${target.id}\` (${target.type}), which has no field \`${e.name}\``,
            hint: s ? `did you mean \`${s}\`?` : undefined,
          });
          return;
        }
      },
    };
  },
};
