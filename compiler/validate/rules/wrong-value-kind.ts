import type { ValueIR } from "../../ir/ir.ts";
import type { FieldSpec } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3001",
  name: "wrong-value-kind",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html",
  summary: "A value of the wrong kind for its field (text where a reference, number, period or date-time is expected).",
  explanation: [
    "Each field of the Data Pipeline model has a kind: a reference to another object, an integer, a",
    "period such as `15 minutes`, a date-time `YYYY-MM-DDTHH:MM:SS`, a boolean, a closed set of",
    "words, or text. A value of another kind is rejected by AWS or misread at run time.",
    "",
    "```",
    "ShellCommandActivity Copy {",
    "  runsOn = \"Worker\"      // PIPE3001: runsOn takes a reference: write runsOn = Worker",
    "  maximumRetries = 2 hours  // PIPE3001: maximumRetries takes an integer",
    "}",
    "```",
    "",
    "Expressions `#<...>` are accepted wherever a value is computed at run time, but not in",
    "reference fields, which Data Pipeline never evaluates.",
  ].join("\n"),
};

const KIND_WORDS: Readonly<Record<string, string>> = {
  ref: "a reference to an object",
  int: "an integer",
  double: "a number",
  boolean: "`true` or `false`",
  period: "a period such as `15 minutes`",
  datetime: "a date-time `YYYY-MM-DDTHH:MM:SS`",
  enum: "one of its words",
};

function describe(v: ValueIR): string {
  if (v.kind === "ref") return "a reference";
  if (v.kind === "template") return "an expression";
  switch (v.literal.type) {
    case "string":
      return `the text "${v.text.length > 40 ? `${v.text.slice(0, 40)}...` : v.text}"`;
    case "word":
      return `the word \`${v.text}\``;
    case "number":
      return `the number ${v.text}`;
    case "boolean":
      return `\`${v.text}\``;
    case "period":
      return `the period \`${v.text}\``;
    case "datetime":
      return `the date-time ${v.text}`;
  }
}

/** Undefined when the value fits the spec, else the complaint. */
export function kindProblem(v: ValueIR, spec: FieldSpec): string | undefined {
  const special = v.kind === "literal" && spec.specialValues?.includes(v.text);
  if (special) return undefined;
  if (spec.kind === "ref") return v.kind === "ref" ? undefined : v.kind === "template" ? "expressions are not evaluated in reference fields" : "";
  if (v.kind === "template") return undefined;
  if (v.kind === "ref") return spec.kind === "string" ? undefined : "";
  const t = v.literal.type;
  switch (spec.kind) {
    case "int":
      return t === "number" && Number.isInteger(v.literal.type === "number" ? v.literal.value : NaN) ? undefined : "";
    case "double":
      return t === "number" ? undefined : "";
    case "boolean":
      return t === "boolean" ? undefined : "";
    case "period":
      return t === "period" ? undefined : "";
    case "datetime":
      return t === "datetime" ? undefined : "";
    case "enum":
      return t === "word" || t === "string" ? undefined : "";
    default:
      return undefined;
  }
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (!spec || spec.runtime) return;
        for (const v of f.values) {
          const problem = kindProblem(v, spec);
          if (problem === undefined) continue;
          const expected = (Object.hasOwn(KIND_WORDS, spec.kind) ? KIND_WORDS[spec.kind] : undefined) ?? spec.kind;
          let hint: string | undefined;
          if (spec.kind === "ref" && v.kind === "literal") hint = `write the object's id without quotes: ${f.key} = ${v.text}`;
          if (spec.kind === "period") hint = "periods are written `<count> <unit>`, e.g. `15 minutes`, `1 day`";
          if (spec.kind === "datetime") hint = "date-times are written `2026-01-01T00:00:00` (UTC)";
          ctx.report({ span: v.span, message: problem || `\`${f.key}\` takes ${expected}, not ${describe(v)}`, hint });
        }
      },
    };
  },
};
