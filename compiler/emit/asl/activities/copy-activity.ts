/**
 * CopyActivity: S3 to S3 with `aws s3 cp` in an ECS Fargate task; a SQL table (SqlDataNode or
 * MySqlDataNode on an RdsDatabase or JdbcDatabase) to S3 with a SQL client in the same task,
 * rows written as CSV (or TSV for a TSV data format).
 */
import { ecsTask, SQL_CLIENT, sqlConnection } from "../ecs.ts";
import { plain, shq, toAslString } from "../states.ts";
import type { ActivityKind } from "./kind.ts";
import { s3Location } from "./s3.ts";

export const copyActivity: ActivityKind = {
  fields: [],
  body(ctx, a) {
    const input = ctx.refs(a, "input")[0];
    const output = ctx.refs(a, "output")[0];
    if (input && output && (input.type === "SqlDataNode" || input.type === "MySqlDataNode") && output.type === "S3DataNode") {
      const db = ctx.refs(input, "database")[0];
      const table = ctx.fieldJsonata(input, "table");
      const query = ctx.fieldJsonata(input, "selectQuery") ?? (table ? `'select * from ' & ${table}` : undefined);
      const dst = s3Location(ctx, output);
      if (!db) ctx.error("PIPE5201", input.idSpan, `${input.type} '${input.id}' (input of '${a.id}') names no database; the compiler needs an RdsDatabase or JdbcDatabase to query it`);
      const conn = db ? sqlConnection(ctx, db, a) : undefined;
      if (!query || !dst || !conn) {
        if (!query && !ctx.field(input, "selectQuery") && !ctx.field(input, "table")) ctx.error("PIPE5201", input.idSpan, `${input.type} '${input.id}' has neither selectQuery nor table`);
        return undefined;
      }
      const csv = ctx.refs(output, "dataFormat")[0]?.type !== "TSV";
      const target = dst.directory ? `"$PIPEC_DEST"/${a.id.replace(/[^A-Za-z0-9_.-]/g, "_")}.${csv ? "csv" : "tsv"}` : `"$PIPEC_DEST"`;
      const script = `${SQL_CLIENT}\nsql_query "$PIPEC_SQL"${csv ? " | sed 's/\t/,/g'" : ""} | aws s3 cp - ${target}`;
      return { kind: "task", state: { Comment: `CopyActivity ${a.id}: query with a SQL client in an ECS Fargate task, rows to S3`, ...ecsTask(ctx, a, plain(script), { ...conn, PIPEC_SQL: `{% ${query} %}`, PIPEC_DEST: `{% ${dst.path} %}` }) } };
    }
    if (!input || !output || input.type !== "S3DataNode" || output.type !== "S3DataNode") {
      ctx.error("PIPE5201", a.idSpan, `CopyActivity '${a.id}' copies ${input?.type ?? "nothing"} to ${output?.type ?? "nothing"}; only S3DataNode to S3DataNode and SQL table to S3DataNode copies have a Step Functions mapping`);
      return undefined;
    }
    const src = s3Location(ctx, input);
    const dst = s3Location(ctx, output);
    if (!src || !dst) return undefined;
    const recursive = src.directory ? " --recursive" : "";
    return { kind: "task", state: { Comment: `CopyActivity ${a.id}: aws s3 cp in an ECS Fargate task`, ...ecsTask(ctx, a, toAslString(`'aws s3 cp${recursive} ' & ${shq(src.path)} & ' ' & ${shq(dst.path)}`)) } };
  },
};
