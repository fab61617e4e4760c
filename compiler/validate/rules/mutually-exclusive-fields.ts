import { objectType } from "../../model/index.ts";
import type { Rule, RuleMeta } from "../rule.ts";

export const meta: RuleMeta = {
  code: "PIPE3006",
  name: "mutually-exclusive-fields",
  kind: "validation",
  severity: "error",
  source: "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-schedule.html",
  summary: "Two fields that exclude each other are both set (e.g. `startAt` and `startDateTime`).",
  implements: ["mutually-exclusive"],
  explanation: [
    "A `Schedule` starts either at `startDateTime` or at `startAt`, and ends either at",
    "`endDateTime` or after `occurrences`; a `ShellCommandActivity` has a `command` or a",
    "`scriptUri` (and `scriptArgument` only with `command`); a `RedshiftDatabase` has a",
    "`clusterId` or a `connectionString`. Inherited fields count. `scriptArgument` with",
    "`scriptUri` is only a warning: the guide forbids it, but AWS accepted published samples that do it.",
    "",
    "```",
    "Schedule Daily {",
    "  period = 1 day",
    "  startAt = FIRST_ACTIVATION_DATE_TIME",
    "  startDateTime = 2026-01-01T00:00:00   // PIPE3006",
    "}",
    "```",
  ].join("\n"),
};

export const rule: Rule = {
  meta,
  visit(p, ctx) {
    return {
      object(o) {
        if (o === p.defaults) return; // every object but Default
        const spec = o.type ? objectType(o.type) : undefined;
        if (!spec) return;
        for (const group of spec.mutuallyExclusive ?? []) {
          let count = 0;
          for (const k of group) if (o.effective.has(k)) count++;
          if (count < 2) continue;
          const present = group.filter((k) => o.effective.has(k));
          const own = present.map((k) => o.effective.get(k)).filter((e) => e?.from === o.id);
          const at = own.at(-1)?.field.keySpan ?? o.idSpan;
          // AWS's own samples combine scriptUri with scriptArgument and were accepted.
          const soft = present.includes("scriptArgument");
          ctx.report({ severity: soft ? "warning" : undefined, span: at, message: `\`${present[0]}\` and \`${present[1]}\` cannot both be set on \`${o.id}\``, hint: `keep one of ${present.map((k) => `\`${k}\``).join(" and ")}` });
        }
      },
    };
  },
};
