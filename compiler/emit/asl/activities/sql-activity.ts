/**
 * SqlActivity. On a RedshiftDatabase: the Redshift Data API (statements split at `;`, several in
 * one transaction, `queue` as `SET query_group`). On an RdsDatabase or JdbcDatabase: a SQL client
 * in an ECS Fargate task, as Data Pipeline runs it on the activity's Ec2Resource.
 */
import type { ObjectIR } from "../../../ir/ir.ts";
import { ecsTask, SQL_CLIENT, sqlConnection } from "../ecs.ts";
import { plain } from "../states.ts";
import type { ActivityKind } from "./kind.ts";
import { queueStatement, statementBody, statementsOf } from "./redshift-data.ts";

export const sqlActivity: ActivityKind = {
  fields: ["script", "scriptUri", "scriptArgument", "database", "queue"],
  body(ctx, a, name, scope) {
    const s = ctx.scope(a);
    const db: ObjectIR | undefined = ctx.refs(a, "database")[0];
    if (ctx.field(a, "scriptArgument")) {
      ctx.error("PIPE5201", ctx.field(a, "scriptArgument")!.span, `SqlActivity '${a.id}' passes scriptArgument values to '?' placeholders, which ${db?.type === "RedshiftDatabase" ? "the Redshift Data API" : "a SQL client"} cannot bind; write the values into the script with expressions`);
      return undefined;
    }
    if (!ctx.field(a, "script") && !ctx.field(a, "scriptUri")) {
      ctx.error("PIPE5201", a.idSpan, `SqlActivity '${a.id}' has neither script nor scriptUri`);
      return undefined;
    }
    if (db && (db.type === "RdsDatabase" || db.type === "JdbcDatabase")) {
      if (ctx.field(a, "queue")) ctx.error("PIPE5206", ctx.field(a, "queue")!.span, `'${a.id}.queue' places the query in a Redshift WLM queue; ${db.id} is a ${db.type}`);
      const conn = sqlConnection(ctx, db, a);
      const script = ctx.fieldJsonata(a, "script", s);
      const uri = script ? undefined : ctx.fieldJsonata(a, "scriptUri", s);
      if (!conn || (!script && !uri)) return undefined;
      const env: Record<string, string> = { ...conn };
      if (script) env.PIPEC_SQL = `{% ${script} %}`;
      else env.PIPEC_SQL_URI = `{% ${uri} %}`;
      const run = script ? `sql_query "$PIPEC_SQL"` : `sql_query "$(aws s3 cp "$PIPEC_SQL_URI" -)"`;
      return { kind: "task", state: { Comment: `SqlActivity ${a.id} with a SQL client in an ECS Fargate task`, ...ecsTask(ctx, a, plain(`${SQL_CLIENT}\n${run}`), env) } };
    }
    if (!db || db.type !== "RedshiftDatabase") {
      ctx.error("PIPE5201", a.idSpan, `SqlActivity '${a.id}' runs on ${db ? `${db.type} '${db.id}'` : "no database"}; Step Functions runs SQL on a RedshiftDatabase (the Redshift Data API), an RdsDatabase or a JdbcDatabase`);
      return undefined;
    }
    if (!ctx.field(a, "script")) {
      ctx.error("PIPE5201", ctx.field(a, "scriptUri")!.span, `SqlActivity '${a.id}' reads its script from S3 (scriptUri); the Redshift Data API runs SQL text only. Put the SQL in 'script'`);
      return undefined;
    }
    const statements = statementsOf(ctx, a, "script", s);
    if (!statements) return undefined;
    const queue = queueStatement(ctx, a, s);
    return statementBody(ctx, a, name, db, queue ? [queue, ...statements] : statements, scope, `SqlActivity ${a.id} through the Redshift Data API`);
  },
};
