/**
 * Query API over the AWS Data Pipeline object model. All lookups are case-sensitive and O(1)
 * (maps are built once when the module loads).
 */
import { distance } from "fastest-levenshtein";
import { MODEL_DATA } from "./model.data.ts";
import type {
  Category,
  FieldSpec,
  FunctionSpec,
  Limits,
  ObjectTypeSpec,
  OperatorSpec,
  ParameterAttributeSpec,
  RuntimeFieldSpec,
  ValidationRuleSpec,
} from "./types.ts";

export type * from "./types.ts";
export { MODEL_DATA };

function mapOf<T>(record: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(record));
}

// ---------------------------------------------------------------------------------------------
// Object types and categories

const TYPES = mapOf(MODEL_DATA.objectTypes);
const TYPE_NAMES: readonly string[] = [...TYPES.keys()];
const CONCRETE_TYPE_NAMES: readonly string[] = TYPE_NAMES.filter((name) => TYPES.get(name)?.typeField !== "absent");
const CATEGORIES = mapOf<readonly string[]>(MODEL_DATA.categories);
const FIELDS = new Map<string, ReadonlyMap<string, FieldSpec>>(
  [...TYPES].map(([name, type]) => [name, mapOf(type.fields)]),
);
const FIELD_NAMES = new Map<string, readonly string[]>([...FIELDS].map(([name, fields]) => [name, [...fields.keys()]]));

/** The spec of an object type; includes `Default`, which is modelled as a type without a `type` field. */
export function objectType(name: string): ObjectTypeSpec | undefined {
  return TYPES.get(name);
}

/** All 42 modelled types in reference order, `Default` first. */
export function objectTypeNames(): readonly string[] {
  return TYPE_NAMES;
}

/** Names valid as the value of a `type` field (every modelled type except `Default`). */
export function concreteObjectTypeNames(): readonly string[] {
  return CONCRETE_TYPE_NAMES;
}

export function isCategory(name: string): name is Category {
  return CATEGORIES.has(name);
}

export function categoryNames(): readonly Category[] {
  return Object.keys(MODEL_DATA.categories) as Category[];
}

export function categoryOf(typeName: string): Category | undefined {
  return TYPES.get(typeName)?.category;
}

export function typesInCategory(category: Category): readonly string[] {
  return CATEGORIES.get(category) ?? [];
}

/** A field of a type as listed in its table (runtime slots included, marked `runtime`). */
export function fieldSpec(typeName: string, fieldName: string): FieldSpec | undefined {
  return FIELDS.get(typeName)?.get(fieldName);
}

/** Field names of a type in documentation order (runtime slots included); empty for unknown types. */
export function fieldNames(typeName: string): readonly string[] {
  return FIELD_NAMES.get(typeName) ?? [];
}

/**
 * `refTo` entries are category names, concrete type names or `"*"` (any object, Default and
 * type-less template objects included).
 */
export function refTargetsAccept(refTo: readonly string[], targetType: string): boolean {
  const category = categoryOf(targetType);
  return refTo.some(
    (target) => target === "*" || target === targetType || (category !== undefined && target === category),
  );
}

/** The concrete types a `refTo` list admits, in reference order (`"*"` admits every type). */
export function refTargetTypes(refTo: readonly string[]): readonly string[] {
  return TYPE_NAMES.filter((name) => refTargetsAccept(refTo, name));
}

// ---------------------------------------------------------------------------------------------
// Default object

let defaultFields: ReadonlyMap<string, FieldSpec> | undefined;

/**
 * Fields accepted on the `Default` object. Default lists its own common fields and
 * `acceptsAnyInheritableField`: everything it holds is inherited by objects without an explicit
 * parent, so any settable field of any type may appear there. The result is Default's own
 * fields followed by every other non-runtime, non-forbidden field (first occurrence order).
 * A field declared differently by several types is merged: ref targets and enum values are
 * united, it is a list if any type makes it one, and a kind conflict widens it to `string`.
 * Requirement information is dropped: nothing is required on Default.
 */
export function defaultObjectFields(): ReadonlyMap<string, FieldSpec> {
  if (defaultFields) return defaultFields;
  const own = FIELDS.get("Default") ?? new Map<string, FieldSpec>();
  const occurrences = new Map<string, FieldSpec[]>();
  for (const [typeName, fields] of FIELDS) {
    if (typeName === "Default") continue;
    for (const [name, spec] of fields) {
      if (own.has(name) || spec.runtime || spec.forbidden) continue;
      const list = occurrences.get(name);
      if (list) list.push(spec);
      else occurrences.set(name, [spec]);
    }
  }
  const result = new Map(own);
  for (const [name, specs] of occurrences) result.set(name, mergeInheritable(specs));
  defaultFields = result;
  return result;
}

type MutableFieldSpec = { -readonly [K in keyof FieldSpec]: FieldSpec[K] };

function unite(lists: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}

function mergeInheritable(specs: readonly FieldSpec[]): FieldSpec {
  const [first] = specs;
  if (first === undefined) throw new Error("mergeInheritable needs at least one spec");
  const merged: MutableFieldSpec = { ...first, required: false };
  delete merged.requiredOneOf;
  delete merged.requiredWhen;
  delete merged.requiredNote;
  if (specs.some((spec) => spec.list)) merged.list = true;
  if (!specs.every((spec) => spec.legacy)) delete merged.legacy;
  if (specs.some((spec) => spec.kind !== first.kind)) {
    merged.kind = "string";
    delete merged.refTo;
    delete merged.enum;
    delete merged.enumNote;
  } else if (first.kind === "ref") {
    const targets = unite(specs.map((spec) => spec.refTo));
    const covered = (target: string): boolean => targets.includes(categoryOf(target) ?? "");
    merged.refTo = targets.includes("*") ? ["*"] : targets.filter((target) => !covered(target));
  } else if (first.kind === "enum") {
    merged.enum = unite(specs.map((spec) => spec.enum));
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Field-name conventions and runtime slots

const ENCRYPTED_PREFIX = MODEL_DATA.meta.encryptedFieldPrefix;
const USER_FIELD = new RegExp(MODEL_DATA.meta.userDefinedFields.pattern);

/** `*password`: the value is encrypted in transit. */
export function isEncryptedField(name: string): boolean {
  return name.length > ENCRYPTED_PREFIX.length && name.startsWith(ENCRYPTED_PREFIX);
}

/** User-defined field (`myComment`, `my_ref`): lowercase `my` then an uppercase letter or `_`. */
export function isUserField(name: string): boolean {
  return USER_FIELD.test(name);
}

const RUNTIME = new Map(MODEL_DATA.runtimeFields.map((spec) => [spec.name, spec]));
const RUNTIME_ON = new Map<string, readonly RuntimeFieldSpec[]>(
  TYPE_NAMES.map((typeName) => [
    typeName,
    MODEL_DATA.runtimeFields.filter((spec) => spec.onTypes.length === 0 || spec.onTypes.includes(typeName)),
  ]),
);

/**
 * A runtime slot by name (`@scheduledStartTime`). Slots the guide lists without `@`
 * (`hostname`, `errorMessage`, ...) are also found under their `@` spelling, which other
 * tools use. Some of those bare names are ordinary fields on particular types (HttpProxy's
 * `hostname`), so check `fieldSpec` first when resolving a name on a known type.
 */
export function runtimeField(name: string): RuntimeFieldSpec | undefined {
  const exact = RUNTIME.get(name);
  if (exact !== undefined || !name.startsWith("@")) return exact;
  return RUNTIME.get(name.slice(1));
}

/**
 * Runtime slots available on a type: those whose table lists them, plus the slots seen only
 * outside the tables (`@id`, `@componentParent`, ..., empty `onTypes`), which apply everywhere.
 */
export function runtimeFieldsOn(typeName: string): readonly RuntimeFieldSpec[] {
  return RUNTIME_ON.get(typeName) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Expressions, parameters, limits, rules

const FUNCTIONS = mapOf(MODEL_DATA.expressionFunctions);
const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];
const OPERATORS = mapOf(MODEL_DATA.expressionOperators);
const PARAMETER_ATTRIBUTES = mapOf(MODEL_DATA.parameterAttributes);
const PARAMETER_ATTRIBUTE_NAMES: readonly string[] = [...PARAMETER_ATTRIBUTES.keys()];
const RULES = new Map(MODEL_DATA.validationRules.map((rule) => [rule.id, rule]));

export function expressionFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name);
}

export function expressionFunctionNames(): readonly string[] {
  return FUNCTION_NAMES;
}

export function expressionOperator(symbol: string): OperatorSpec | undefined {
  return OPERATORS.get(symbol);
}

export function parameterAttribute(name: string): ParameterAttributeSpec | undefined {
  return PARAMETER_ATTRIBUTES.get(name);
}

export function parameterAttributeNames(): readonly string[] {
  return PARAMETER_ATTRIBUTE_NAMES;
}

export const LIMITS: Limits = MODEL_DATA.limits;

export const VALIDATION_RULES: readonly ValidationRuleSpec[] = MODEL_DATA.validationRules;

export function validationRule(id: string): ValidationRuleSpec | undefined {
  return RULES.get(id);
}

export const STATUS_VALUES: readonly string[] = MODEL_DATA.statusValues;

// ---------------------------------------------------------------------------------------------
// Periods and date-times

export type PeriodUnit = "minute" | "hour" | "day" | "week" | "month" | "year";

export interface Period {
  readonly count: number;
  readonly unit: PeriodUnit;
}

const PERIOD_PATTERN = new RegExp(MODEL_DATA.periodSyntax.regex, MODEL_DATA.periodSyntax.caseInsensitive ? "i" : "");
const PERIOD_UNITS: ReadonlyMap<string, PeriodUnit> = new Map(
  (["minute", "hour", "day", "week", "month", "year"] as const).flatMap((unit) => [
    [unit, unit],
    [`${unit}s`, unit],
  ]),
);

/** Parses `"<N> <unit>"` (N a positive integer; unit singular or plural, any case). */
export function parsePeriod(text: string): Period | undefined {
  if (!PERIOD_PATTERN.test(text)) return undefined;
  const [countText = "", unitText = ""] = text.trim().split(/\s+/);
  const count = Number(countText);
  const unit = PERIOD_UNITS.get(unitText.toLowerCase());
  if (!Number.isSafeInteger(count) || unit === undefined) return undefined;
  return { count, unit };
}

/** Canonical text of a period, e.g. `"15 minutes"`, `"1 day"`. */
export function formatPeriod(period: Period): string {
  return `${period.count} ${period.unit}${period.count === 1 ? "" : "s"}`;
}

const FIXED_UNIT_MINUTES: Readonly<Record<"minute" | "hour" | "day" | "week", number>> = {
  minute: 1,
  hour: 60,
  day: 24 * 60,
  week: 7 * 24 * 60,
};

/** A period as an exact number of minutes, or as a number of calendar months. */
function measure(period: Period): { readonly minutes: number } | { readonly months: number } {
  switch (period.unit) {
    case "month":
      return { months: period.count };
    case "year":
      return { months: period.count * 12 };
    default:
      return { minutes: period.count * FIXED_UNIT_MINUTES[period.unit] };
  }
}

/**
 * Orders two periods: negative when `a` is shorter, positive when longer, 0 when equal.
 *
 * Minutes, hours, days and weeks are fixed lengths (UTC, no DST). Months and years are
 * calendar units: a year is 12 months and a month lasts 28 to 31 days depending on where it
 * falls. Comparing a fixed length with N months therefore uses the shortest and longest span
 * of N consecutive Gregorian months (1 month: 28..31 days, 12 months: 365..366 days,
 * 36 months: 1095..1096 days). When the fixed length falls inside that span the order depends
 * on the calendar and the result is 0 ("not distinguishable"), so a bounds check such as
 * `periodCompare(p, min) < 0` only reports periods that are out of range on every date.
 */
export function periodCompare(a: Period, b: Period): number {
  const left = measure(a);
  const right = measure(b);
  if ("minutes" in left && "minutes" in right) return Math.sign(left.minutes - right.minutes);
  if ("months" in left && "months" in right) return Math.sign(left.months - right.months);
  if ("minutes" in left && "months" in right) return compareMinutesToMonths(left.minutes, right.months);
  if ("months" in left && "minutes" in right) return -compareMinutesToMonths(right.minutes, left.months);
  return 0;
}

function compareMinutesToMonths(minutes: number, months: number): number {
  const [shortest, longest] = monthSpanDays(months);
  if (minutes < shortest * FIXED_UNIT_MINUTES.day) return -1;
  if (minutes > longest * FIXED_UNIT_MINUTES.day) return 1;
  return 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`, proleptic Gregorian. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// The Gregorian calendar repeats every 400 years (4800 months, 146097 days).
const CYCLE_MONTHS = 4800;
const CYCLE_DAYS = 146097;
let monthStarts: Int32Array | undefined;
const spanCache = new Map<number, readonly [number, number]>();

/** Shortest and longest length in days of `months` consecutive calendar months. */
function monthSpanDays(months: number): readonly [number, number] {
  const cycles = Math.floor(months / CYCLE_MONTHS);
  const rest = months % CYCLE_MONTHS;
  let span = spanCache.get(rest);
  if (span === undefined) {
    // monthStarts[i] = days from the start of the cycle to the start of month i (two cycles).
    if (monthStarts === undefined) {
      monthStarts = new Int32Array(2 * CYCLE_MONTHS + 1);
      for (let i = 0; i < 2 * CYCLE_MONTHS; i++) {
        monthStarts[i + 1] = (monthStarts[i] ?? 0) + daysInMonth(2000 + Math.floor(i / 12), (i % 12) + 1);
      }
    }
    let shortest = Infinity;
    let longest = 0;
    for (let start = 0; start < CYCLE_MONTHS; start++) {
      const days = (monthStarts[start + rest] ?? 0) - (monthStarts[start] ?? 0);
      shortest = Math.min(shortest, days);
      longest = Math.max(longest, days);
    }
    span = [shortest, longest];
    spanCache.set(rest, span);
  }
  return [cycles * CYCLE_DAYS + span[0], cycles * CYCLE_DAYS + span[1]];
}

const DATE_TIME_PATTERN = new RegExp(MODEL_DATA.dateTimeSyntax.regex);

/** `YYYY-MM-DDTHH:MM:SS` (UTC, no zone designator) naming a real calendar date and time. */
export function isDateTime(text: string): boolean {
  if (!DATE_TIME_PATTERN.test(text)) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = text.split(/[-T:]/).map(Number);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/**
 * "Did you mean": a candidate equal to `name` ignoring case, otherwise the candidate with the
 * smallest case-insensitive edit distance, if that distance is at most max(1, ⌊length/3⌋).
 * Ties go to the alphabetically first candidate; `name` itself is never suggested.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const threshold = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d > threshold) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
