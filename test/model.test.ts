import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  categoryNames,
  categoryOf,
  concreteObjectTypeNames,
  defaultObjectFields,
  expressionFunction,
  fieldNames,
  fieldSpec,
  formatPeriod,
  isCategory,
  isDateTime,
  isEncryptedField,
  isUserField,
  LIMITS,
  objectType,
  objectTypeNames,
  parameterAttribute,
  parsePeriod,
  periodCompare,
  refTargetsAccept,
  refTargetTypes,
  runtimeField,
  runtimeFieldsOn,
  suggest,
  typesInCategory,
  VALIDATION_RULES,
  validationRule,
} from "../compiler/model/index.ts";
import type { Period } from "../compiler/model/index.ts";
import { OUTPUT_PATH, readModelSource, renderModelData } from "../scripts/gen-model.ts";
import { MODEL_ENTRY, needShared } from "./helpers/shared.ts";

const reference = needShared(MODEL_ENTRY, "test/model.test.ts");

function period(text: string): Period {
  const parsed = parsePeriod(text);
  if (parsed === undefined) throw new Error(`not a period: ${text}`);
  return parsed;
}

function* allFields() {
  for (const typeName of objectTypeNames()) {
    for (const fieldName of fieldNames(typeName)) {
      const spec = fieldSpec(typeName, fieldName);
      if (spec) yield { typeName, fieldName, spec };
    }
  }
}

describe("object types", () => {
  it("models 42 object types, Default included", () => {
    expect(objectTypeNames()).toHaveLength(42);
    expect(objectTypeNames()).toContain("Default");
    expect(concreteObjectTypeNames()).toHaveLength(41);
    expect(concreteObjectTypeNames()).not.toContain("Default");
  });

  it("puts every type in exactly the category it declares", () => {
    const listed = categoryNames().flatMap((category) => typesInCategory(category));
    expect([...listed].sort()).toEqual([...objectTypeNames()].sort());
    for (const category of categoryNames()) {
      for (const typeName of typesInCategory(category)) expect(categoryOf(typeName)).toBe(category);
    }
  });

  it("looks up types and fields case-sensitively", () => {
    expect(objectType("ShellCommandActivity")?.category).toBe("activity");
    expect(objectType("shellcommandactivity")).toBeUndefined();
    expect(fieldSpec("ShellCommandActivity", "command")?.kind).toBe("string");
    expect(fieldSpec("ShellCommandActivity", "Command")).toBeUndefined();
    expect(fieldSpec("ShellCommandActivity", "constructor")).toBeUndefined();
    expect(fieldSpec("NoSuchType", "command")).toBeUndefined();
  });

  it("names a real category, type or * in every ref target", () => {
    for (const { typeName, fieldName, spec } of allFields()) {
      for (const target of spec.refTo ?? []) {
        expect(
          target === "*" || isCategory(target) || objectType(target) !== undefined,
          `${typeName}.${fieldName} -> ${target}`,
        ).toBe(true);
      }
      expect(spec.kind === "ref", `${typeName}.${fieldName}`).toBe(spec.refTo !== undefined);
    }
  });

  it("gives every enum field its values", () => {
    for (const { typeName, fieldName, spec } of allFields()) {
      if (spec.kind === "enum") expect(spec.enum?.length, `${typeName}.${fieldName}`).toBeGreaterThan(0);
    }
  });

  it("keeps groups, flags and docs", () => {
    const shell = objectType("ShellCommandActivity");
    expect(shell?.requiredOneOf).toContainEqual(["runsOn", "workerGroup"]);
    expect(shell?.mutuallyExclusive).toContainEqual(["scriptUri", "scriptArgument"]);
    expect(fieldSpec("ShellCommandActivity", "scriptArgument")?.list).toBe(true);
    expect(fieldSpec("ShellCommandActivity", "@scheduledStartTime")?.runtime).toBe(true);
    expect(fieldSpec("Ec2Resource", "runsOn")?.forbidden).toBe(true);
    expect(fieldSpec("Schedule", "period")).toMatchObject({ min: "15 minutes", max: "3 years", required: true });
    expect(fieldSpec("EmrCluster", "logUri")?.legacy).toBe(true);
    expect(fieldSpec("ShellCommandActivity", "retryDelay")?.doc).toMatch(/attempts/);
  });
});

describe("refTargetsAccept", () => {
  it("accepts categories, concrete types and *", () => {
    expect(refTargetsAccept(["dataNode"], "S3DataNode")).toBe(true);
    expect(refTargetsAccept(["dataNode"], "Ec2Resource")).toBe(false);
    expect(refTargetsAccept(["Ec2Resource", "EmrCluster"], "EmrCluster")).toBe(true);
    expect(refTargetsAccept(["*"], "Default")).toBe(true);
    expect(refTargetsAccept(["action"], "SnsAlarm")).toBe(true);
    expect(refTargetsAccept(["Schedule"], "schedule")).toBe(false);
    expect(refTargetTypes(["action"])).toEqual(["SnsAlarm", "Terminate"]);
  });
});

describe("Default object", () => {
  it("accepts its own fields and every inheritable field", () => {
    const fields = defaultObjectFields();
    expect(fields.get("scheduleType")).toBe(fieldSpec("Default", "scheduleType"));
    expect(fields.get("terminateAfter")?.kind).toBe("period");
    expect(fields.get("jarUri")?.required).toBe(false);
    expect(fields.has("@scheduledStartTime")).toBe(false);
    expect(fields.get("input")).toMatchObject({ kind: "ref", refTo: ["dataNode"], list: true });
    // region is an enum on some types and a free string on RdsDatabase.
    expect(fields.get("region")?.kind).toBe("string");
  });
});

describe("names", () => {
  it("recognises encrypted, user-defined and runtime names", () => {
    expect(isEncryptedField("*password")).toBe(true);
    expect(isEncryptedField("password")).toBe(false);
    expect(isEncryptedField("*")).toBe(false);
    expect(isUserField("myComment")).toBe(true);
    expect(isUserField("my_ref")).toBe(true);
    expect(isUserField("mycomment")).toBe(false);
    expect(isUserField("MyComment")).toBe(false);
    expect(runtimeField("@scheduledStartTime")?.kind).toBe("datetime");
    expect(runtimeField("@hostname")?.name).toBe("hostname");
    expect(runtimeField("scheduledStartTime")).toBeUndefined();
    expect(runtimeFieldsOn("ShellCommandActivity").map((spec) => spec.name)).toContain("@scheduledStartTime");
    expect(runtimeFieldsOn("Schedule").map((spec) => spec.name)).toContain("@id");
  });

  it("exposes functions, parameter attributes, limits and rules", () => {
    expect(expressionFunction("format")).toMatchObject({ args: ["DateTime", "String"], returns: "String" });
    expect(parameterAttribute("type")?.enum).toContain("AWS::S3::ObjectKey");
    expect(LIMITS.fieldsPerObject.value).toBe(50);
    expect(LIMITS.apiShapeLimits["field.stringValue"]).toEqual([0, 10240]);
    expect(VALIDATION_RULES.length).toBeGreaterThan(0);
    expect(validationRule("period-range")?.severity).toBe("error");
  });
});

describe("periods", () => {
  it("parses 'N unit' case-insensitively, singular or plural", () => {
    expect(parsePeriod("1 Day")).toEqual({ count: 1, unit: "day" });
    expect(parsePeriod("15 Minutes")).toEqual({ count: 15, unit: "minute" });
    expect(parsePeriod("1 hours")).toEqual({ count: 1, unit: "hour" });
    expect(parsePeriod("1 YEAR")).toEqual({ count: 1, unit: "year" });
    expect(formatPeriod(period("1 Day"))).toBe("1 day");
    expect(formatPeriod(period("15 Minutes"))).toBe("15 minutes");
  });

  it("rejects malformed periods", () => {
    for (const text of ["0 days", "1.5 hours", "15 min", "", "days", "1day", "-1 days", "ONDEMAND_PERIOD"]) {
      expect(parsePeriod(text), text).toBeUndefined();
    }
  });

  it("orders periods across units", () => {
    const ascending = ["15 minutes", "1 hour", "1 day", "1 week", "1 month", "1 year", "3 years"];
    for (let i = 0; i + 1 < ascending.length; i++) {
      const [a = "", b = ""] = [ascending[i], ascending[i + 1]];
      expect(periodCompare(period(a), period(b)), `${a} < ${b}`).toBeLessThan(0);
      expect(periodCompare(period(b), period(a)), `${b} > ${a}`).toBeGreaterThan(0);
    }
    expect(periodCompare(period("36 months"), period("3 years"))).toBe(0);
    expect(periodCompare(period("60 minutes"), period("1 hour"))).toBe(0);
  });

  it("treats months as calendar months", () => {
    expect(periodCompare(period("27 days"), period("1 month"))).toBeLessThan(0);
    expect(periodCompare(period("30 days"), period("1 month"))).toBe(0);
    expect(periodCompare(period("32 days"), period("1 month"))).toBeGreaterThan(0);
    expect(periodCompare(period("1095 days"), period("3 years"))).toBe(0);
    expect(periodCompare(period("1097 days"), period("3 years"))).toBeGreaterThan(0);
    expect(periodCompare(period("3 years"), period("1094 days"))).toBeGreaterThan(0);
  });
});

describe("isDateTime", () => {
  it("accepts real UTC date-times only", () => {
    expect(isDateTime("2026-01-01T02:00:00")).toBe(true);
    expect(isDateTime("2024-02-29T23:59:59")).toBe(true);
    expect(isDateTime("2026-02-30T00:00:00")).toBe(false);
    expect(isDateTime("2023-02-29T00:00:00")).toBe(false);
    expect(isDateTime("2026-01-01")).toBe(false);
    expect(isDateTime("2026-01-01T24:00:00")).toBe(false);
    expect(isDateTime("2026-13-01T00:00:00")).toBe(false);
    expect(isDateTime("2026-01-01T00:00:00Z")).toBe(false);
  });
});

describe("suggest", () => {
  it("finds the closest name", () => {
    expect(suggest("retryDelai", fieldNames("ShellCommandActivity"))).toBe("retryDelay");
    expect(suggest("RUNSON", fieldNames("ShellCommandActivity"))).toBe("runsOn");
    expect(suggest("somethingElse", fieldNames("ShellCommandActivity"))).toBeUndefined();
  });

  it("breaks ties alphabetically and never suggests the name itself", () => {
    expect(suggest("cat", ["cut", "bat", "cot"])).toBe("bat");
    expect(suggest("cat", ["cat"])).toBeUndefined();
    expect(suggest("ab", ["xy"])).toBeUndefined();
  });
});

/** The generated model (compiler/model/model.data.ts) against the reference it is generated from. */
describe.skipIf(!reference.present)(`generated data${reference.note}`, () => {
  it("is up to date with the reference model", () => {
    expect(readFileSync(OUTPUT_PATH, "utf8")).toBe(renderModelData(readModelSource(reference.path)));
  });

  it("rejects unknown keys in the reference model", () => {
    const source = readModelSource(reference.path) as { objectTypes: Record<string, Record<string, unknown>> };
    const broken = structuredClone(source);
    const shell = broken.objectTypes["ShellCommandActivity"];
    if (shell) shell["surprise"] = true;
    expect(() => renderModelData(broken)).toThrow(/unknown key "surprise"/);
  });
});
