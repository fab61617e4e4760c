/**
 * SQL on Amazon Redshift through the Redshift Data API, shared by SqlActivity and
 * RedshiftCopyActivity. One statement goes through `ExecuteStatement`; several through
 * `BatchExecuteStatement`, which runs them in order as one transaction. The statement is then
 * polled with `DescribeStatement` until it ends: `FINISHED` ends the attempt, `FAILED` or
 * `ABORTED` fails it (`Pipec.StatementFailed`, retried like any failed attempt), and at the
 * attempt's deadline the statement is cancelled and the attempt fails (`Pipec.AttemptTimedOut`).
 */
import type { ObjectIR, TemplatePartIR, ValueIR } from "../../../ir/ir.ts";
import type { ExprScope } from "../../../expr-eval/scope.ts";
import type { AttemptBody, AttemptScope } from "../attempt.ts";
import type { AslContext } from "../context.ts";
import { jstr } from "../jsonata.ts";
import { ERRORS, NOW, varName, type States } from "../states.ts";
import { passwordReference } from "../secrets.ts";

/** The Data API's limit on statements in one BatchExecuteStatement. */
export const MAX_BATCH = 40;
const POLL_SECONDS = 10;

/**
 * Splits SQL text (with `#<...>` parts) into statements at `;` outside quotes, quoted
 * identifiers, comments and dollar-quoted bodies. Expression parts are data: they never split.
 * Statements holding only white space and comments are dropped.
 */
export function splitSql(value: ValueIR): TemplatePartIR[][] {
  const parts: readonly TemplatePartIR[] = value.kind === "template" ? value.parts : [{ kind: "text", text: value.kind === "literal" ? value.text : value.id }];
  const out: TemplatePartIR[][] = [];
  let current: TemplatePartIR[] = [];
  let text = "";
  let content = false;
  type Mode = "code" | "quote" | "ident" | "line" | "block" | "dollar";
  let mode: Mode = "code";
  let dollarTag = "";
  let depth = 0;
  const flush = (end: boolean) => {
    if (text) current.push({ kind: "text", text });
    text = "";
    if (end) {
      if (content) out.push(trimParts(current));
      current = [];
      content = false;
    }
  };
  for (const part of parts) {
    if (part.kind === "expr") {
      flush(false);
      current.push(part);
      if (mode === "code" || mode === "quote" || mode === "ident" || mode === "dollar") content = true;
      continue;
    }
    const s = part.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      const n = s[i + 1];
      switch (mode) {
        case "code":
          if (c === ";") {
            flush(true);
            continue;
          }
          if (c === "'") mode = "quote";
          else if (c === '"') mode = "ident";
          else if (c === "-" && n === "-") mode = "line";
          else if (c === "/" && n === "*") {
            mode = "block";
            depth = 1;
            text += "/*";
            i++;
            continue;
          } else if (c === "$") {
            const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(s.slice(i));
            if (m) {
              mode = "dollar";
              dollarTag = m[0];
              text += m[0];
              i += m[0].length - 1;
              content = true;
              continue;
            }
          }
          if (mode !== "line" && !/\s/.test(c)) content = true;
          text += c;
          break;
        case "quote":
          text += c;
          if (c === "'") {
            if (n === "'") {
              text += n;
              i++;
            } else mode = "code";
          } else if (c === "\\" && n !== undefined) {
            text += n;
            i++;
          }
          break;
        case "ident":
          text += c;
          if (c === '"') {
            if (n === '"') {
              text += n;
              i++;
            } else mode = "code";
          }
          break;
        case "line":
          text += c;
          if (c === "\n") mode = "code";
          break;
        case "block":
          text += c;
          if (c === "/" && n === "*") {
            depth++;
            text += n;
            i++;
          } else if (c === "*" && n === "/") {
            text += n;
            i++;
            if (--depth === 0) mode = "code";
          }
          break;
        case "dollar":
          if (s.startsWith(dollarTag, i)) {
            text += dollarTag;
            i += dollarTag.length - 1;
            mode = "code";
          } else text += c;
          break;
      }
    }
  }
  flush(true);
  return out;
}

function trimParts(parts: TemplatePartIR[]): TemplatePartIR[] {
  const out = parts.filter((p) => p.kind !== "text" || p.text !== "");
  const first = out[0];
  if (first?.kind === "text") out[0] = { kind: "text", text: first.text.replace(/^\s+/, "") };
  const last = out[out.length - 1];
  if (last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text.replace(/\s+$/, "") };
  return out.filter((p) => p.kind !== "text" || p.text !== "");
}

/** A SQL identifier, double-quoted (JSONata string-literal text). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** JSONata that quotes a run-time identifier (dotted names quoted part by part). */
function quoteIdentJsonata(j: string): string {
  return `$join($map($split(${j}, '.'), function($p) { '"' & $replace($p, '"', '""') & '"' }), '.')`;
}

/** JSONata that writes a run-time string as a SQL string literal. */
export function sqlString(j: string): string {
  return `('\\u0027' & $replace(${j}, '\\u0027', '\\u0027\\u0027') & '\\u0027')`;
}

/**
 * The qualified, quoted name of a RedshiftDataNode's table (JSONata): `schemaName` and
 * `tableName`; a literal `schema.table` in tableName without schemaName is read as both.
 */
export function tableName(ctx: AslContext, node: ObjectIR): string | undefined {
  const tf = ctx.field(node, "tableName");
  const tv = tf?.values[0];
  if (!tf || !tv) {
    ctx.error("PIPE5201", node.idSpan, `RedshiftDataNode '${node.id}' has no tableName`);
    return undefined;
  }
  const schema = ctx.field(node, "schemaName")?.values[0];
  let schemaJ: string | undefined;
  if (schema?.kind === "literal") schemaJ = jstr(quoteIdent(schema.text));
  else if (schema) {
    const j = ctx.fieldJsonata(node, "schemaName");
    if (!j) return undefined;
    schemaJ = `'"' & $replace(${j}, '"', '""') & '"'`;
  }
  let tableJ: string;
  if (tv.kind === "literal") {
    const t = tv.text.trim();
    if (/^"([^"]|"")*"$/.test(t)) tableJ = jstr(t);
    else if (!schemaJ && t.includes(".")) tableJ = jstr(t.split(".").map(quoteIdent).join("."));
    else tableJ = jstr(quoteIdent(t));
  } else {
    const j = ctx.fieldJsonata(node, "tableName");
    if (!j) return undefined;
    tableJ = schemaJ ? `'"' & $replace(${j}, '"', '""') & '"'` : quoteIdentJsonata(j);
  }
  return schemaJ ? `${schemaJ} & '.' & ${tableJ}` : tableJ;
}

/** Where the SQL runs: a provisioned cluster (`clusterId`, or a cluster endpoint) or a Serverless workgroup. */
function target(ctx: AslContext, db: ObjectIR): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const clusterId = ctx.fieldValue(db, "clusterId");
  const url = ctx.literal(db, "connectionString")?.text;
  const m = url ? /^jdbc:redshift:\/\/([^.:/]+)\.[^:/]*?(redshift-serverless)?\.amazonaws\.com(?::\d+)?(?:\/([^?;]+))?/.exec(url) : null;
  const dbName = ctx.fieldValue(db, "databaseName") ?? m?.[3] ?? "dev";
  args.Database = dbName;
  if (clusterId) {
    args.ClusterIdentifier = clusterId;
    ctx.allow("RedshiftDataRun", ["redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"], [clusterId.startsWith("{%") ? "arn:aws:redshift:*:*:cluster:*" : `arn:aws:redshift:*:*:cluster:${clusterId}`]);
  } else if (m && !m[2]) {
    args.ClusterIdentifier = m[1];
    ctx.allow("RedshiftDataRun", ["redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"], [`arn:aws:redshift:*:*:cluster:${m[1]}`]);
  } else {
    if (m?.[2]) args.WorkgroupName = m[1];
    else {
      ctx.need("redshiftWorkgroup", db, `the Redshift Serverless workgroup of ${db.id} (it names no clusterId)`);
      args.WorkgroupName = "{% $runtime.redshiftWorkgroup %}";
    }
    const wg = ctx.runtimeValue("redshiftWorkgroup");
    ctx.allow("RedshiftDataRun", ["redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement"], [typeof wg === "string" && wg.startsWith("arn:") ? wg : "arn:aws:redshift-serverless:*:*:workgroup/*"]);
  }
  // A `*password` that names a Secrets Manager secret signs in with it; else the run-time setting.
  const ref = passwordReference(ctx, db);
  if (ref?.kind === "ssm") {
    ctx.error("PIPE5201", db.idSpan, `RedshiftDatabase '${db.id}' names its password with an SSM parameter ('ssm:${ref.name}'); the Redshift Data API signs in only with a Secrets Manager secret holding the user name and password`, "name a Secrets Manager secret (secretsmanager:arn:aws:secretsmanager:...) or set redshiftSecretArn in the run-time settings");
  }
  if (ref?.kind === "secretsmanager") {
    args.SecretArn = ref.arn;
    ctx.allow("RedshiftSecret", ["secretsmanager:GetSecretValue"], [ref.arn]);
  } else {
    ctx.need("redshiftSecretArn", db, `the Secrets Manager secret with ${db.id}'s user name and password`);
    args.SecretArn = "{% $runtime.redshiftSecretArn %}";
    const secret = ctx.runtimeValue("redshiftSecretArn");
    ctx.allow("RedshiftSecret", ["secretsmanager:GetSecretValue"], [typeof secret === "string" && secret.startsWith("arn:") ? secret : "arn:aws:secretsmanager:*:*:secret:*"]);
  }
  // DescribeStatement and CancelStatement have no resource-level permissions: limited to statements this role submitted.
  ctx.allow("RedshiftDataStatements", ["redshift-data:CancelStatement", "redshift-data:DescribeStatement"], ["*"], { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } });
  return args;
}

/** `SET query_group` for an activity's `queue` (JSONata statement), when it has one. */
export function queueStatement(ctx: AslContext, a: ObjectIR, scope: ExprScope): string | undefined {
  if (!ctx.field(a, "queue")) return undefined;
  const q = ctx.fieldJsonata(a, "queue", scope);
  return q ? `'SET query_group TO ' & ${sqlString(q)}` : undefined;
}

/**
 * The attempt body that runs `statements` (JSONata string expressions, in order) on `db`:
 * submit, then poll until the statement ends or the attempt's deadline passes.
 */
export function statementBody(ctx: AslContext, a: ObjectIR, name: string, db: ObjectIR, statements: readonly string[], scope: AttemptScope, comment: string): AttemptBody | undefined {
  if (statements.length === 0) {
    ctx.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' has no SQL to run`);
    return undefined;
  }
  if (statements.length > MAX_BATCH) {
    ctx.error("PIPE5201", a.idSpan, `${a.type} '${a.id}' runs ${statements.length} SQL statements; the Redshift Data API runs at most ${MAX_BATCH} in one transaction. Split the script across activities`);
    return undefined;
  }
  const args = target(ctx, db);
  const batch = statements.length > 1;
  if (batch) args.Sqls = statements.map((s) => `{% ${s} %}`);
  else args.Sql = `{% ${statements[0]} %}`;
  args.StatementName = `${a.id}`.slice(0, 500);
  const id = varName("statement", name);
  const submit = ctx.names.take(`${a.id}_submit`);
  const wait = ctx.names.take(`${a.id}_wait`);
  const poll = ctx.names.take(`${a.id}_poll`);
  const decide = ctx.names.take(`${a.id}_status`);
  const failed = ctx.names.take(`${a.id}_sql_failed`);
  const done = ctx.names.take(`${a.id}_finished`);
  const states: States = {};
  states[submit] = {
    Type: "Task",
    Comment: `${comment}: ${batch ? `${statements.length} statements in one transaction` : "one statement"}`,
    Resource: batch ? "arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement" : "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
    Arguments: args,
    Assign: { [id]: "{% $states.result.Id %}" },
    Output: "{% $states.input %}",
    ...(scope.timeLeft ? { TimeoutSeconds: scope.timeLeft } : {}),
    Next: wait,
  };
  states[wait] = { Type: "Wait", Seconds: POLL_SECONDS, Next: poll };
  states[poll] = {
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
    Arguments: { Id: `{% $${id} %}` },
    // A throttled or dropped status call is not the statement's failure.
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
    Next: decide,
  };
  const choices: Record<string, unknown>[] = [
    { Condition: "{% $states.input.Status = 'FINISHED' %}", Next: done },
    { Condition: "{% $states.input.Status = 'FAILED' or $states.input.Status = 'ABORTED' %}", Next: failed },
  ];
  if (scope.deadline) {
    const cancel = ctx.names.take(`${a.id}_cancel`);
    const timedOut = ctx.names.take(`${a.id}_timed_out`);
    choices.push({ Condition: `{% ${NOW} >= $${scope.deadline} %}`, Next: cancel });
    states[cancel] = {
      Type: "Task",
      Comment: "attemptTimeout reached: stop the statement before the attempt fails",
      Resource: "arn:aws:states:::aws-sdk:redshiftdata:cancelStatement",
      Arguments: { Id: `{% $${id} %}` },
      Catch: [{ ErrorEquals: ["States.ALL"], Next: timedOut }],
      Next: timedOut,
    };
    states[timedOut] = { Type: "Fail", Error: ERRORS.attemptTimedOut, Cause: `${a.id}: the SQL did not finish within attemptTimeout` };
  }
  states[decide] = { Type: "Choice", Choices: choices, Default: wait };
  states[failed] = { Type: "Fail", Error: ERRORS.statementFailed, Cause: "{% $string($states.input.Error) %}" };
  states[done] = { Type: "Pass", Output: "{% {} %}" };
  return { kind: "loop", states, start: submit, exits: [done] };
}

/** The statements of a SQL text value (JSONata string expressions), split at `;`. */
export function statementsOf(ctx: AslContext, o: ObjectIR, key: string, scope: ExprScope): string[] | undefined {
  const f = ctx.field(o, key);
  const v = f?.values[0];
  if (!f || !v) return undefined;
  const out: string[] = [];
  for (const parts of splitSql(v)) {
    const j = ctx.jsonata({ kind: "template", span: v.span, parts }, scope, `'${o.id}.${key}'`, f.span);
    if (j === undefined) return undefined;
    out.push(j);
  }
  return out;
}
