import { refTargetsAccept, typesInCategory, isCategory } from "../../model/index.ts";
import type { ObjectIR, PipelineIR } from "../../ir/ir.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { orList } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE2008",
  name: "wrong-reference-target",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A reference points at an object of a type the field does not accept.",
  implements: ["ref-target-kind"],
  explanation: [
    "Reference fields accept certain kinds of objects: `runsOn` an `Ec2Resource` or `EmrCluster`,",
    "`input` and `output` data nodes, `schedule` a `Schedule`, `onFail` an action, and so on.",
    "A template object without a type takes the type of its own `parent` chain.",
    "",
    "```",
    "S3DataNode Input { ... }",
    "ShellCommandActivity Copy { runsOn = Input }   // PIPE2008: runsOn takes an Ec2Resource or EmrCluster",
    "```",
  ].join("\n"),
};

/** The type of an object, following `parent` for type-less templates. */
export function effectiveType(o: ObjectIR, p: PipelineIR): string | undefined {
  if (o.type !== undefined) return o.type;
  const seen = new Set<string>();
  let cur: ObjectIR | undefined = o;
  while (cur && !seen.has(cur.id)) {
    if (cur.type !== undefined) return cur.type;
    seen.add(cur.id);
    cur = cur.parent !== undefined ? p.byId.get(cur.parent) : undefined;
  }
  return undefined;
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? "an" : "a";
}

function describeTargets(refTo: readonly string[]): string {
  return orList(refTo.map((t) => (isCategory(t) ? `${t === "dataNode" ? "a data node" : t === "action" ? "an action" : `a ${t}`} (${typesInCategory(t).join(", ")})` : `${article(t)} \`${t}\``)));
}

/** `refTargetsAccept` per `refTo` list of the model and target type, worked out once. */
const ACCEPTS = new WeakMap<readonly string[], Map<string, boolean>>();

function accepts(refTo: readonly string[], type: string): boolean {
  let byType = ACCEPTS.get(refTo);
  if (byType === undefined) {
    byType = new Map();
    ACCEPTS.set(refTo, byType);
  }
  let yes = byType.get(type);
  if (yes === undefined) {
    yes = refTargetsAccept(refTo, type);
    if (byType.size < 1024) byType.set(type, yes); // types are whatever a source writes: bounded
  }
  return yes;
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (!spec || spec.kind !== "ref" || !spec.refTo || spec.refTo.includes("*")) return;
        for (const v of f.values) {
          if (v.kind !== "ref") continue;
          const target = p.byId.get(v.id);
          if (!target) continue;
          const t = effectiveType(target, p);
          if (t === undefined || accepts(spec.refTo, t)) continue;
          ctx.report({
            span: v.span,
            message: `\`${f.key}\` takes ${describeTargets(spec.refTo)}, but \`${v.id}\` is ${article(t)} \`${t}\``,
            related: target.typeSpan ? [{ message: `\`${v.id}\` is declared here`, file: p.file, span: target.idSpan }] : undefined,
          });
        }
      },
    };
  },
};
