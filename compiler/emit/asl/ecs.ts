/**
 * Shell work runs as an ECS Fargate task (`ecs:runTask.sync`): the command is the container's
 * `sh -c` override. Where it runs comes from the run-time settings (`ecsCluster`,
 * `shellTaskDefinition`, `shellContainer`, `subnets`, `securityGroups`, `assignPublicIp`), and the
 * grants are scoped to them.
 */
import type { ObjectIR } from "../../ir/ir.ts";
import type { AslContext } from "./context.ts";
import { jstr } from "./jsonata.ts";
import { ECS_ARN, type State } from "./states.ts";
import { allowTaskSecret, passwordReference } from "./secrets.ts";

const ECS_SETTINGS: readonly (readonly [string, string])[] = [
  ["ecsCluster", "the ECS cluster that runs shell commands"],
  ["shellTaskDefinition", "the task definition of the shell container"],
  ["shellContainer", "the container to run the command in"],
  ["subnets", "the subnets of the Fargate task"],
  ["securityGroups", "the security groups of the Fargate task"],
];

function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The name part of an ECS ARN (`arn:aws:ecs:r:a:cluster/name` -> `name`), or the text itself. */
function lastPart(v: string, kind: string): string {
  const m = new RegExp(`^arn:[^:]+:ecs:[^:]*:[^:]*:${kind}/(.+)$`).exec(v);
  return m ? m[1]! : v;
}

/** The `ecs:runTask.sync` Task state (Resource + Arguments) for a shell command (an ASL value). */
export function ecsTask(ctx: AslContext, o: ObjectIR, command: string, environment?: Readonly<Record<string, string>>): State {
  for (const [key, why] of ECS_SETTINGS) ctx.need(key, o, why);
  const override: Record<string, unknown> = { Name: "{% $runtime.shellContainer %}", Command: ["sh", "-c", command] };
  if (environment) override.Environment = Object.entries(environment).map(([Name, Value]) => ({ Name, Value }));
  allowEcs(ctx);
  return {
    Resource: ECS_ARN,
    Arguments: {
      LaunchType: "FARGATE",
      Cluster: "{% $runtime.ecsCluster %}",
      TaskDefinition: "{% $runtime.shellTaskDefinition %}",
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: "{% $runtime.subnets %}",
          SecurityGroups: "{% $runtime.securityGroups %}",
          AssignPublicIp: "{% $exists($runtime.assignPublicIp) ? $runtime.assignPublicIp : 'DISABLED' %}",
        },
      },
      Overrides: { ContainerOverrides: [override] },
    },
  };
}

function allowEcs(ctx: AslContext): void {
  const cluster = text(ctx.runtimeValue("ecsCluster"));
  const family = text(ctx.runtimeValue("shellTaskDefinition"));
  const clusterName = cluster ? lastPart(cluster, "cluster") : undefined;
  const taskDefinition = family ? `arn:aws:ecs:*:*:task-definition/${lastPart(family, "task-definition").replace(/:\d+$/, "")}:*` : "arn:aws:ecs:*:*:task-definition/*";
  ctx.allow("EcsRunTask", ["ecs:RunTask"], [taskDefinition], clusterName ? { ArnLike: { "ecs:cluster": `arn:aws:ecs:*:*:cluster/${clusterName}` } } : undefined);
  ctx.allow("EcsTasks", ["ecs:DescribeTasks", "ecs:StopTask"], [`arn:aws:ecs:*:*:task/${clusterName ?? "*"}/*`]);
  const roles = [text(ctx.runtimeValue("ecsTaskRoleArn")), text(ctx.runtimeValue("ecsExecutionRoleArn"))].filter((r): r is string => r !== undefined);
  ctx.allow("EcsPassRole", ["iam:PassRole"], roles.length ? roles : ["arn:aws:iam::*:role/*"], { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
  ctx.allow("SyncRulesEcs", ["events:DescribeRule", "events:PutRule", "events:PutTargets"], ["arn:aws:events:*:*:rule/StepFunctionsGetEventsForECSTaskRule"]);
}

/**
 * Shell prelude for SQL in an ECS task: finds the endpoint (RDS instance or JDBC URL), reads the
 * password from Secrets Manager when one is named, and defines `sql_query TEXT`, which prints
 * result rows tab-separated without a header (mysql or psql).
 */
export const SQL_CLIENT = [
  "set -eu",
  "if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi",
  'if [ -n "${PIPEC_DB_PASSWORD_SECRET_ARN:-}" ]; then PIPEC_DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id "$PIPEC_DB_PASSWORD_SECRET_ARN" --query SecretString --output text); fi',
  'if [ -n "${PIPEC_DB_PASSWORD_PARAMETER:-}" ]; then PIPEC_DB_PASSWORD=$(aws ssm get-parameter --name "$PIPEC_DB_PASSWORD_PARAMETER" --with-decryption --query Parameter.Value --output text); fi',
  'if [ -n "${PIPEC_DB_INSTANCE:-}" ]; then',
  '  set -- $(aws rds describe-db-instances --db-instance-identifier "$PIPEC_DB_INSTANCE" --query "DBInstances[0].[Endpoint.Address,Endpoint.Port,Engine]" --output text)',
  '  host=$1; port=$2; engine=$3',
  "else",
  '  engine=$(printf %s "$PIPEC_DB_URL" | sed -E "s#^jdbc:([a-z]+)://.*#\\1#")',
  '  host=$(printf %s "$PIPEC_DB_URL" | sed -E "s#^jdbc:[a-z]+://([^:/]+).*#\\1#")',
  '  port=$(printf %s "$PIPEC_DB_URL" | sed -nE "s#^jdbc:[a-z]+://[^:/]+:([0-9]+).*#\\1#p")',
  '  db=$(printf %s "$PIPEC_DB_URL" | sed -nE "s#^jdbc:[a-z]+://[^/]+/([^?;]+).*#\\1#p"); PIPEC_DB_NAME=${PIPEC_DB_NAME:-$db}',
  "fi",
  'case "$engine" in',
  '  *postgres*) export PGPASSWORD="${PIPEC_DB_PASSWORD:-}"; sql_query() { psql -h "$host" -p "${port:-5432}" -U "${PIPEC_DB_USER:-}" -d "${PIPEC_DB_NAME:-postgres}" -v ON_ERROR_STOP=1 -At -F "$(printf "\\t")" -c "$1"; } ;;',
  '  *) export MYSQL_PWD="${PIPEC_DB_PASSWORD:-}"; sql_query() { mysql -h "$host" -P "${port:-3306}" -u "${PIPEC_DB_USER:-}" ${PIPEC_DB_NAME:+"$PIPEC_DB_NAME"} --batch --skip-column-names -e "$1"; } ;;',
  "esac",
].join("\n");

/**
 * Connection settings of an RdsDatabase / JdbcDatabase as container environment variables. The
 * password never enters the state machine: the container reads it with its task role from the
 * secret its `*password` names (`secretsmanager:<arn>` or `ssm:<name>`, directly or through a
 * secret parameter's value), else from the Secrets Manager secret named in the run-time settings
 * (`secrets["<Database>.*password"]`). RunTask cannot override a container's `secrets` (the
 * task definition's `valueFrom`), so the reference travels as an environment value.
 */
export function sqlConnection(ctx: AslContext, db: ObjectIR, a: ObjectIR): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  const put = (name: string, key: string) => {
    const v = ctx.fieldValue(db, key);
    if (v !== undefined) env[name] = v;
  };
  if (db.type === "RdsDatabase") put("PIPEC_DB_INSTANCE", "rdsInstanceId");
  else if (db.type === "JdbcDatabase") {
    const url = ctx.literal(db, "connectionString")?.text ?? "";
    if (!/^jdbc:(mysql|postgresql):\/\//.test(url) && ctx.field(db, "connectionString")?.values[0]?.kind === "literal") {
      ctx.error("PIPE5201", db.idSpan, `JdbcDatabase '${db.id}' (used by '${a.id}') connects with '${url.split(":").slice(0, 2).join(":")}'; the ECS SQL client supports MySQL and PostgreSQL URLs`);
      return undefined;
    }
    put("PIPEC_DB_URL", "connectionString");
  } else {
    ctx.error("PIPE5201", a.idSpan, `'${a.id}' uses ${db.type} '${db.id}'; only RdsDatabase and JdbcDatabase run through a SQL client in ECS`);
    return undefined;
  }
  put("PIPEC_DB_NAME", "databaseName");
  put("PIPEC_DB_USER", "username");
  const password = ctx.field(db, "*password") ?? ctx.field(db, "password");
  const ref = password ? passwordReference(ctx, db) : undefined;
  if (ref) {
    if (ref.kind === "secretsmanager") env.PIPEC_DB_PASSWORD_SECRET_ARN = ref.arn;
    else env.PIPEC_DB_PASSWORD_PARAMETER = ref.name;
    allowTaskSecret(ctx, ref);
  } else if (password) {
    // The run-time settings name the secret by field (`Db.*password`) or by the secret parameter the field reads (`*myPassword`).
    const v = password.values[0];
    const param = v?.kind === "template" && v.parts.length === 1 && v.parts[0]!.kind === "expr" && v.parts[0]!.expr.kind === "param" ? v.parts[0]!.expr.id : undefined;
    const byField = `${db.id}.*password`;
    const key = param !== undefined && ctx.secretArn(byField) === undefined && ctx.secretArn(param) !== undefined ? param : byField;
    ctx.need(`secrets.${key}`, db, `the Secrets Manager secret holding ${db.id}'s password`);
    env.PIPEC_DB_PASSWORD_SECRET_ARN = `{% $lookup($runtime.secrets, ${jstr(key)}) %}`;
    const arn = ctx.secretArn(key);
    if (arn !== undefined) allowTaskSecret(ctx, { kind: "secretsmanager", arn });
  }
  return env;
}
