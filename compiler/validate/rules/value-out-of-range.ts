import { parsePeriod, periodCompare } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";
import { periodOf } from "../util.ts";

export const meta: RuleMeta = {
  code: "PIPE3015",
  name: "value-out-of-range",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html",
  summary: "A number or period outside the bounds the model gives for its field.",
  implements: ["max-active-instances", "bid-price"],
  explanation: [
    "Some fields are bounded: `maxActiveInstances` is 1 to 5, spot bid prices are decimals",
    "strictly between 0 and 20, and `coreInstanceBidPrice` needs `coreInstanceCount`.",
    "(`maximumRetries`, `retryDelay` and the schedule `period` have their own rules.)",
    "",
    "```",
    "default { maxActiveInstances = 8 }   // PIPE3015",
    "```",
  ].join("\n"),
};

const OWN_RULES = new Set(["maximumRetries", "retryDelay", "period"]);

/** The model's period bounds, parsed once each. */
const PERIODS = new Map<string, ReturnType<typeof parsePeriod>>();

function cachedPeriod(text: string): ReturnType<typeof parsePeriod> {
  if (!PERIODS.has(text)) PERIODS.set(text, parsePeriod(text));
  return PERIODS.get(text);
}

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      field(f, _o, spec) {
        if (OWN_RULES.has(f.key)) return;
        if (!spec || (spec.min === undefined && spec.max === undefined && spec.exclusiveMin === undefined && spec.exclusiveMax === undefined)) return;
        for (const v of f.values) {
          if (v.kind !== "literal") continue;
          if (spec.kind === "period") {
            const period = periodOf(v);
            if (!period) continue;
            const min = typeof spec.min === "string" ? cachedPeriod(spec.min) : undefined;
            const max = typeof spec.max === "string" ? cachedPeriod(spec.max) : undefined;
            if (min && periodCompare(period, min) < 0) ctx.report({ span: v.span, message: `\`${f.key}\` must be at least ${spec.min}` });
            else if (max && periodCompare(period, max) > 0) ctx.report({ span: v.span, message: `\`${f.key}\` must be at most ${spec.max}` });
            continue;
          }
          const n = v.literal.type === "number" ? v.literal.value : /^\s*-?\d*\.?\d+\s*$/.test(v.text) ? Number(v.text) : undefined;
          if (n === undefined) continue;
          if (typeof spec.min === "number" && n < spec.min) ctx.report({ span: v.span, message: `\`${f.key}\` must be at least ${spec.min}, not ${v.text}` });
          else if (typeof spec.max === "number" && n > spec.max) ctx.report({ span: v.span, message: `\`${f.key}\` must be at most ${spec.max}, not ${v.text}` });
          else if (spec.exclusiveMin !== undefined && n <= spec.exclusiveMin) ctx.report({ span: v.span, message: `\`${f.key}\` must be more than ${spec.exclusiveMin}, not ${v.text}` });
          else if (spec.exclusiveMax !== undefined && n >= spec.exclusiveMax) ctx.report({ span: v.span, message: `\`${f.key}\` must be less than ${spec.exclusiveMax}, not ${v.text}` });
        }
      },
      end() {
        for (const o of p.objects) {
          const bid = o.effective.get("coreInstanceBidPrice");
          if (bid && bid.from === o.id && !o.effective.has("coreInstanceCount")) {
            ctx.report({ span: bid.field.keySpan, message: "`coreInstanceBidPrice` needs `coreInstanceCount`" });
          }
        }
      },
    };
  },
};
