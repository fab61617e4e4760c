/** Splitting SQL scripts into statements for the Redshift Data API, and quoting identifiers. */
import { describe, expect, it } from "vitest";
import type { TemplatePartIR, ValueIR } from "../../compiler/ir/ir.ts";
import { quoteIdent, splitSql } from "../../compiler/emit/asl/activities/redshift-data.ts";

const span = { start: 0, end: 0 };
const lit = (text: string): ValueIR => ({ kind: "literal", span, text, literal: { type: "string" } });
const show = (parts: TemplatePartIR[]) => parts.map((p) => (p.kind === "text" ? p.text : `<${p.source}>`)).join("");

describe("splitSql", () => {
  it("splits at semicolons outside quotes, identifiers, comments and dollar-quoted bodies", () => {
    const sql = `
      insert into t values ('a;b', 'it''s; fine');
      -- a comment; with a semicolon
      update "odd;name" set x = 1 /* block; /* nested; */ still */ where y = 2;
      create function f() returns int as $body$ select 1; $body$ language sql;
      select $$;$$;
    `;
    expect(splitSql(lit(sql)).map(show)).toEqual([
      "insert into t values ('a;b', 'it''s; fine')",
      "-- a comment; with a semicolon\n      update \"odd;name\" set x = 1 /* block; /* nested; */ still */ where y = 2",
      "create function f() returns int as $body$ select 1; $body$ language sql",
      "select $$;$$",
    ]);
  });

  it("drops statements of white space and comments only, and a missing last semicolon is fine", () => {
    expect(splitSql(lit("  ;; -- only a comment\n; select 1")).map(show)).toEqual(["select 1"]);
    expect(splitSql(lit("-- nothing\n/* at all */")).map(show)).toEqual([]);
  });

  it("keeps expression parts as data: a value with a semicolon never splits, and quotes span them", () => {
    const expr = (source: string): TemplatePartIR => ({ kind: "expr", span, source, expr: { kind: "param", span, type: "String", id: source } } as unknown as TemplatePartIR);
    const v: ValueIR = { kind: "template", span, parts: [{ kind: "text", text: "delete from t where d = '" }, expr("myDay"), { kind: "text", text: "'; vacuum t;" }] };
    expect(splitSql(v).map(show)).toEqual(["delete from t where d = '<myDay>'", "vacuum t"]);
  });
});

describe("quoteIdent", () => {
  it("double-quotes and doubles embedded quotes", () => {
    expect(quoteIdent("orders")).toBe('"orders"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
});
