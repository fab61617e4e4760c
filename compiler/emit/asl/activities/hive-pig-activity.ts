/**
 * HiveActivity and PigActivity: `command-runner.jar` steps on the EmrCluster. Hive staging works
 * as in Data Pipeline: an external table over each S3 input and output (columns and row format
 * from the data node's dataFormat), created by a step before the script, which sees them as
 * `${input1}`, `${output1}`, ... Both steps run in one attempt.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import { jstr } from "../jsonata.ts";
import type { ActivityKind } from "./kind.ts";
import { clusterOf, emrStepsBody } from "./emr-steps.ts";

function scriptActivity(kind: "hive" | "pig"): ActivityKind {
  const type = kind === "hive" ? "HiveActivity" : "PigActivity";
  return {
    fields: [kind === "hive" ? "hiveScript" : "script", "scriptUri", "scriptVariable", "stage", "generatedScriptsPath"],
    body(ctx, a, name, scope) {
      const cluster = clusterOf(ctx, a);
      if (!cluster) return undefined;
      const s = ctx.scope(a);
      const staged = ctx.word(a, "stage") !== "FALSE" && (ctx.field(a, "input") || ctx.field(a, "output"));
      let pre: Record<string, unknown>[] = [];
      let stageVars: string[] = [];
      if (staged && kind === "hive") {
        const st = hiveStaging(ctx, a);
        if (!st) return undefined;
        pre = [st.step];
        stageVars = st.vars;
      } else if (staged) {
        ctx.error("PIPE5201", a.idSpan, `${type} '${a.id}' uses staged input/output tables (\${input1}, \${output1}); Step Functions does not create them for Pig. Set stage = false and read the data nodes' paths in the script`);
        return undefined;
      }
      const vars: string[] = [];
      for (const v of ctx.field(a, "scriptVariable")?.values ?? []) {
        const x = ctx.value(v, s, `'${a.id}.scriptVariable'`, v.span);
        if (x === undefined) return undefined;
        vars.push(kind === "hive" ? "-d" : "-param", x);
      }
      const allVars = [...stageVars.map((x) => (kind === "pig" && x === "-d" ? "-param" : x)), ...vars];
      const uri = ctx.fieldValue(a, "scriptUri", s);
      const inline = ctx.fieldValue(a, kind === "hive" ? "hiveScript" : "script", s);
      let step: Record<string, unknown>;
      if (uri) step = { Jar: "command-runner.jar", Args: [`${kind}-script`, `--run-${kind}-script`, "--args", "-f", uri, ...allVars] };
      else if (inline) step = { Jar: "command-runner.jar", Args: [kind, ...allVars, "-e", inline] };
      else {
        if (!ctx.field(a, "scriptUri") && !ctx.field(a, kind === "hive" ? "hiveScript" : "script")) ctx.error("PIPE5201", a.idSpan, `${type} '${a.id}' has no script`);
        return undefined;
      }
      return emrStepsBody(ctx, a, name, cluster, [...pre, step], scope, `${type} ${a.id} on ${cluster.id}`);
    },
  };
}

export const hiveActivity = scriptActivity("hive");
export const pigActivity = scriptActivity("pig");

function hiveStaging(ctx: AslContext, a: ObjectIR): { step: Record<string, unknown>; vars: string[] } | undefined {
  const ddl: string[] = [];
  const vars: string[] = [];
  const tableBase = a.id.replace(/[^A-Za-z0-9_]/g, "_").toLowerCase();
  const stage = (nodes: ObjectIR[], prefix: "input" | "output"): boolean => {
    let i = 0;
    for (const n of nodes) {
      i++;
      const table = `${tableBase}_${prefix}${i}`;
      const dir = n.type === "S3DataNode" ? ctx.fieldJsonata(n, "directoryPath") : undefined;
      if (!dir) {
        ctx.error("PIPE5201", a.idSpan, `HiveActivity '${a.id}' stages ${prefix} '${n.id}', which is not an S3DataNode with a directoryPath; Step Functions stages S3 directories only`);
        return false;
      }
      const format = ctx.refs(n, "dataFormat")[0];
      const row = format ? rowFormat(ctx, format) : "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
      if (row === undefined) return false;
      const cols = (format ? ctx.field(format, "column")?.values ?? [] : []).map((v) => (v.kind === "literal" ? v.text : ""));
      if (cols.length === 0 || cols.some((c) => !c)) {
        ctx.error("PIPE5201", (format ?? n).idSpan, `HiveActivity '${a.id}' stages '${n.id}', but its data format lists no columns to create the table with`);
        return false;
      }
      ddl.push(`${jstr(`DROP TABLE IF EXISTS ${table}; CREATE EXTERNAL TABLE ${table} (${cols.join(", ")}) ${row} LOCATION '`)} & ${dir} & ${jstr("';")}`);
      vars.push("-d", `${prefix}${i}=${table}`);
    }
    return true;
  };
  if (!stage(ctx.refs(a, "input"), "input") || !stage(ctx.refs(a, "output"), "output")) return undefined;
  return { step: { Jar: "command-runner.jar", Args: ["hive", "-e", `{% ${ddl.join(" & ' ' & ")} %}`] }, vars };
}

/** Hive ROW FORMAT of a Data Pipeline data format, or undefined (reported). */
function rowFormat(ctx: AslContext, f: ObjectIR): string | undefined {
  const q = (x: string) => `'${x.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  switch (f.type) {
    case "CSV":
      return "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
    case "TSV":
      return "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'";
    case "Custom":
      return `ROW FORMAT DELIMITED FIELDS TERMINATED BY ${q(ctx.literal(f, "columnSeparator")?.text ?? ",")}`;
    case "RegEx": {
      const re = ctx.literal(f, "inputRegEx")?.text;
      const out = ctx.literal(f, "outputFormat")?.text;
      if (!re) break;
      return `ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'=${q(re)}${out ? `, 'output.format.string'=${q(out)}` : ""})`;
    }
  }
  ctx.error("PIPE5201", f.idSpan, `data format '${f.id}' (${f.type}) has no Hive table mapping for staging`);
  return undefined;
}
