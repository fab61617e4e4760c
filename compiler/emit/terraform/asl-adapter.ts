/**
 * Reads the Step Functions back end's result (`emitAsl`: the ASL definition, the schedule and
 * the IAM actions and resources) into the plan's input. Accepts the definition as an object or
 * JSON text, the schedule in the plan's own names or in EventBridge Scheduler's API names,
 * and the IAM part as statements or as one list of actions and resources.
 */
import type { PolicyStatement, SfnDefinition, SfnSchedule } from "./plan.ts";

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

function pick(o: Obj, names: readonly string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((e): e is string => typeof e === "string");
  return [];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function scheduleOf(v: unknown): SfnSchedule | undefined {
  const s = obj(v);
  if (!s) return undefined;
  const expression = str(pick(s, ["expression", "scheduleExpression", "ScheduleExpression"]));
  if (expression === undefined) return undefined;
  const target = obj(pick(s, ["target", "Target"])) ?? {};
  const window = obj(pick(s, ["flexibleTimeWindow", "FlexibleTimeWindow"]));
  const windowMode = window ? str(pick(window, ["mode", "Mode"])) : undefined;
  const windowMinutes = window ? pick(window, ["maximumWindowInMinutes", "MaximumWindowInMinutes"]) : pick(s, ["flexibleWindowMinutes"]);
  const out: { -readonly [K in keyof SfnSchedule]: SfnSchedule[K] } = { expression };
  const timezone = str(pick(s, ["timezone", "scheduleExpressionTimezone", "ScheduleExpressionTimezone"]));
  if (timezone !== undefined) out.timezone = timezone;
  const startDate = str(pick(s, ["startDate", "StartDate"]));
  if (startDate !== undefined) out.startDate = startDate;
  const endDate = str(pick(s, ["endDate", "EndDate"]));
  if (endDate !== undefined) out.endDate = endDate;
  const input = text(pick(s, ["input", "Input"]) ?? pick(target, ["input", "Input"]));
  if (input !== undefined) out.input = input;
  if (typeof windowMinutes === "number" && windowMode !== "OFF") out.flexibleWindowMinutes = windowMinutes;
  return out;
}

function statementOf(v: unknown): PolicyStatement | undefined {
  const s = obj(v);
  if (!s) return undefined;
  if (str(pick(s, ["effect", "Effect"])) === "Deny") return undefined;
  const actions = strings(pick(s, ["actions", "Action", "action"]));
  const resources = strings(pick(s, ["resources", "Resource", "resource"]));
  if (actions.length === 0) return undefined;
  const sid = str(pick(s, ["sid", "Sid"]));
  const condition = obj(pick(s, ["condition", "Condition"]));
  if (condition) {
    const base = { actions, resources: resources.length > 0 ? resources : ["*"], condition: condition as PolicyStatement["condition"] };
    return sid !== undefined ? { sid, ...base } : base;
  }
  return sid !== undefined ? { sid, actions, resources: resources.length > 0 ? resources : ["*"] } : { actions, resources: resources.length > 0 ? resources : ["*"] };
}

export function statementsOf(v: unknown): PolicyStatement[] {
  if (Array.isArray(v)) return v.map(statementOf).filter((s): s is PolicyStatement => s !== undefined);
  const o = obj(v);
  if (!o) return [];
  const list = pick(o, ["statements", "Statement", "policy"]);
  if (list !== undefined) return statementsOf(obj(list) ? pick(obj(list) as Obj, ["Statement", "statements"]) ?? list : list);
  const single = statementOf(o);
  return single ? [single] : [];
}

/** The plan input from an `emitAsl` result; undefined when it has no definition. */
export function sfnDefinitionOf(result: { readonly definition?: unknown; readonly schedule?: unknown; readonly iam?: unknown }): SfnDefinition | undefined {
  const definition = text(result.definition);
  if (definition === undefined) return undefined;
  const taskRole = obj(result.iam)?.taskRoleStatements;
  const taskRoleStatements = taskRole === undefined ? [] : statementsOf(taskRole);
  const out = { definition, schedule: scheduleOf(result.schedule), statements: statementsOf(result.iam) };
  return taskRoleStatements.length > 0 ? { ...out, taskRoleStatements } : out;
}
