/**
 * RedshiftCopyActivity from an S3DataNode into a RedshiftDataNode, with Data Pipeline's meaning
 * of every field, as SQL run in one transaction through the Redshift Data API:
 * - the target is `"schemaName"."tableName"`, quoted; `createTableSql` runs first when the table
 *   is absent (`CREATE TABLE IF NOT EXISTS`);
 * - the input's `dataFormat` gives the COPY format (CSV, TSV, Custom separator); without one,
 *   `commandOptions` are the COPY options (Data Pipeline ignores them when a format is attached);
 * - `insertMode`: APPEND copies into the table; TRUNCATE deletes every row first (DELETE, not
 *   TRUNCATE, which would commit and leave the table empty if the COPY failed); KEEP_EXISTING
 *   and OVERWRITE_EXISTING load a staging table and merge on the data node's `primaryKeys`
 *   (existing rows win, or new rows replace them);
 * - `transformSql` is a SELECT over the table `staging` whose result is what gets loaded;
 * - `queue` becomes `SET query_group`.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import { jstr } from "../jsonata.ts";
import type { ActivityKind } from "./kind.ts";
import { s3Location } from "./s3.ts";
import { quoteIdent, queueStatement, sqlString, statementBody, statementsOf, tableName } from "./redshift-data.ts";

const MODES = ["KEEP_EXISTING", "OVERWRITE_EXISTING", "TRUNCATE", "APPEND"];

export const redshiftCopyActivity: ActivityKind = {
  fields: ["insertMode", "commandOptions", "transformSql", "queue"],
  body(ctx, a, name, scope) {
    const s = ctx.scope(a);
    const input = ctx.refs(a, "input")[0];
    const output = ctx.refs(a, "output")[0];
    if (!input || input.type !== "S3DataNode" || !output || output.type !== "RedshiftDataNode") {
      ctx.error("PIPE5201", a.idSpan, `RedshiftCopyActivity '${a.id}' is compiled for S3DataNode to RedshiftDataNode copies only (it has ${input?.type ?? "no input"} to ${output?.type ?? "no output"})`);
      return undefined;
    }
    const db = ctx.refs(output, "database")[0];
    if (!db || db.type !== "RedshiftDatabase") {
      ctx.error("PIPE5201", output.idSpan, `RedshiftDataNode '${output.id}' (output of '${a.id}') names ${db ? `${db.type} '${db.id}'` : "no database"}; a RedshiftDatabase is needed`);
      return undefined;
    }
    const mode = ctx.word(a, "insertMode") ?? "";
    if (!MODES.includes(mode)) {
      ctx.error("PIPE5201", ctx.field(a, "insertMode")?.span ?? a.idSpan, `RedshiftCopyActivity '${a.id}' needs insertMode ${MODES.join(", ")}${mode ? ` (it is '${mode}')` : ""}`);
      return undefined;
    }
    const loc = s3Location(ctx, input);
    const table = tableName(ctx, output);
    if (!loc || !table) return undefined;
    const format = copyFormat(ctx, a, input);
    if (format === undefined) return undefined;
    const keys = (ctx.field(output, "primaryKeys")?.values ?? []).map((v) => ctx.staticValue(v)).filter((v) => v.ok).map((v) => (v.ok ? v.text.trim() : ""));
    const merge = mode === "KEEP_EXISTING" || mode === "OVERWRITE_EXISTING";
    if (merge && keys.length === 0) {
      ctx.error("PIPE5201", ctx.field(a, "insertMode")!.span, `RedshiftCopyActivity '${a.id}' uses insertMode ${mode}, which merges rows on a key; give '${output.id}' primaryKeys (Data Pipeline reads the table's primary key at run time, which the compiled SQL cannot)`);
      return undefined;
    }
    const statements: string[] = [];
    const queue = queueStatement(ctx, a, s);
    if (queue) statements.push(queue);
    if (ctx.field(output, "createTableSql")) {
      const create = statementsOf(ctx, output, "createTableSql", ctx.scope(output));
      if (!create) return undefined;
      const f = ctx.field(output, "createTableSql")!;
      const head = f.values[0]?.kind === "literal" ? f.values[0].text : f.values[0]?.kind === "template" && f.values[0].parts[0]?.kind === "text" ? f.values[0].parts[0].text : "";
      if (create.length !== 1 || !/^\s*create\s+table\s/i.test(head)) {
        ctx.error("PIPE5201", f.span, `'${output.id}.createTableSql' must be one CREATE TABLE statement to be run only when the table is absent`);
        return undefined;
      }
      statements.push(/^\s*create\s+table\s+if\s+not\s+exists\s/i.test(head) ? create[0]! : `$replace(${create[0]}, /^\\s*create\\s+table\\s/i, 'CREATE TABLE IF NOT EXISTS ')`);
    }
    const role = "($exists($runtime.redshiftCopyRoleArn) ? ' IAM_ROLE ' & " + sqlString("$runtime.redshiftCopyRoleArn") + " : ' IAM_ROLE default')";
    const copyInto = (t: string) => `'COPY ' & ${t} & ' FROM ' & ${sqlString(loc.path)} & ${role}${format ? ` & ' ' & ${format}` : ""}`;
    const transform = ctx.field(a, "transformSql") ? ctx.fieldJsonata(a, "transformSql", s) : undefined;
    if (ctx.field(a, "transformSql") && !transform) return undefined;
    if (!merge && !transform) {
      if (mode === "TRUNCATE") statements.push(`'DELETE FROM ' & ${table}`);
      statements.push(copyInto(table));
    } else {
      const staging = jstr(quoteIdent("staging"));
      statements.push(`'CREATE TEMP TABLE ' & ${staging} & ' (LIKE ' & ${table} & ')'`);
      statements.push(copyInto(staging));
      let source = staging;
      if (transform) {
        source = jstr(quoteIdent("transformed"));
        statements.push(`'CREATE TEMP TABLE ' & ${source} & ' AS ' & ${transform}`);
      }
      const on = (x: string, y: string) => keys.map((k) => `${x} & '.' & ${jstr(quoteIdent(k))} & ' = ' & ${y} & '.' & ${jstr(quoteIdent(k))}`).join(" & ' AND ' & ");
      if (mode === "TRUNCATE") statements.push(`'DELETE FROM ' & ${table}`);
      if (mode === "OVERWRITE_EXISTING") statements.push(`'DELETE FROM ' & ${table} & ' USING ' & ${source} & ' WHERE ' & ${on(table, source)}`);
      if (mode === "KEEP_EXISTING") statements.push(`'DELETE FROM ' & ${source} & ' USING ' & ${table} & ' WHERE ' & ${on(source, table)}`);
      statements.push(`'INSERT INTO ' & ${table} & ' SELECT * FROM ' & ${source}`);
    }
    return statementBody(ctx, a, name, db, statements, scope, `RedshiftCopyActivity ${a.id} (${mode}) through the Redshift Data API`);
  },
};

/** COPY format options (JSONata string) from the input's data format, else `commandOptions`; undefined after an error. */
function copyFormat(ctx: Parameters<ActivityKind["body"]>[0], a: ObjectIR, input: ObjectIR): string | undefined {
  const fmt = ctx.refs(input, "dataFormat")[0];
  if (fmt) {
    switch (fmt.type) {
      case "CSV":
        return "'CSV'";
      case "TSV":
        return `'DELIMITER ' & ${sqlString(jstr("\t"))}`;
      case "Custom": {
        const sep = ctx.staticText(fmt, "columnSeparator");
        return `'DELIMITER ' & ${sqlString(jstr(sep?.ok ? sep.text : ","))}`;
      }
    }
    ctx.error("PIPE5201", fmt.idSpan, `data format '${fmt.id}' (${fmt.type}) of '${input.id}' has no Redshift COPY form here; use CSV, TSV or Custom, or drop the format and give '${a.id}' commandOptions`);
    return undefined;
  }
  const f = ctx.field(a, "commandOptions");
  if (!f) return "";
  const parts: string[] = [];
  for (const v of f.values) {
    const j = ctx.jsonata(v, ctx.scope(a), `'${a.id}.commandOptions'`, v.span);
    if (j === undefined) return undefined;
    parts.push(j);
  }
  return parts.join(" & ' ' & ");
}
