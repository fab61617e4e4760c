/**
 * Whether two `.pipe` syntax trees mean the same: what the compiler reads from them is equal,
 * whatever the layout. Used by `pipec fmt` and `pipec import` to check their own output before
 * writing it. Written against the tree's shape directly (not through the printer or the
 * resolver), so that a mistake there cannot hide itself here.
 *
 * Ignored: spans, comments, white space, backticks around a name (`` `Copy` `` is `Copy`), the
 * kind of quotes around text (`"..."` or `"""..."""`: the value is compared), how a text is split
 * into parts, and parentheses and spaces inside `#<...>` (the expression tree is compared).
 * Compared as written: numbers and durations (the targets send them as written), the literal
 * strings inside expressions (`'YYY\Y'` is sent as written), and every `#<...>` in a parameter's
 * default or attributes (Data Pipeline receives that text as it stands).
 */
import type * as A from "../ast/nodes.ts";

/** One side of the comparison: the tree and the text it was read from (for text kept as written). */
export interface Side {
  readonly ast: A.PipeFile;
  /** The source text; undefined for a built tree (then interpolations are compared as trees everywhere). */
  readonly text: string | undefined;
}

/** Undefined when both sides mean the same; otherwise where they first differ, in words. */
export function meaningDifference(a: Side, b: Side): string | undefined {
  return new Comparison(a, b).file();
}

class Difference {
  readonly where: string;
  constructor(where: string) {
    this.where = where;
  }
}

class Comparison {
  private readonly a: Side;
  private readonly b: Side;
  private readonly path: string[] = [];

  constructor(a: Side, b: Side) {
    this.a = a;
    this.b = b;
  }

  file(): string | undefined {
    try {
      this.list("pipelines", this.a.ast.pipelines, this.b.ast.pipelines, (x, y) => this.pipeline(x, y));
      return undefined;
    } catch (e) {
      if (e instanceof Difference) return e.where;
      throw e;
    }
  }

  private fail(what: string): never {
    throw new Difference(`${this.path.join(" > ") || "the file"}: ${what}`);
  }

  private at<T>(label: string, f: () => T): T {
    this.path.push(label);
    const r = f();
    this.path.pop();
    return r;
  }

  private same(what: string, x: unknown, y: unknown): void {
    if (x !== y) this.fail(`${what} ${JSON.stringify(x)} != ${JSON.stringify(y)}`);
  }

  private list<T>(what: string, xs: readonly T[], ys: readonly T[], each: (x: T, y: T) => void): void {
    if (xs.length !== ys.length) this.fail(`${xs.length} ${what} != ${ys.length}`);
    for (let i = 0; i < xs.length; i++) this.at(`${what}[${i}]`, () => each(xs[i], ys[i]));
  }

  private name(what: string, x: A.Name | undefined, y: A.Name | undefined): void {
    this.same(what, x?.value, y?.value);
  }

  private pipeline(x: A.Pipeline, y: A.Pipeline): void {
    this.name("pipeline name", x.name, y.name);
    this.list("members", x.members, y.members, (m, n) => this.member(m, n));
  }

  private member(x: A.Member, y: A.Member): void {
    this.same("member kind", x.kind, y.kind);
    switch (x.kind) {
      case "Field":
        return this.field(x, y as A.Field, false);
      case "Default":
        return this.list("fields", x.fields, (y as A.DefaultBlock).fields, (f, g) => this.field(f, g, false));
      case "Object": {
        const o = y as A.ObjectDecl;
        this.name("type", x.type, o.type);
        this.name("id", x.id, o.id);
        return this.list("fields", x.fields, o.fields, (f, g) => this.field(f, g, false));
      }
      case "Param": {
        const p = y as A.ParamDecl;
        this.name("parameter", x.name, p.name);
        this.same("encrypted", x.encrypted, p.encrypted);
        this.name("parameter type", x.type, p.type);
        this.same("body", x.hasBody, p.hasBody);
        this.at("default", () => this.optionalValue(x.value, p.value, true));
        return this.list("attributes", x.fields, p.fields, (f, g) => this.field(f, g, true));
      }
    }
  }

  private field(x: A.Field, y: A.Field, data: boolean): void {
    this.name("key", x.key, y.key);
    this.same("encrypted", x.encrypted, y.encrypted);
    this.at(x.key.value, () => this.optionalValue(x.value, y.value, data));
  }

  private optionalValue(x: A.Value | undefined, y: A.Value | undefined, data: boolean): void {
    if (x === undefined || y === undefined) {
      if (x !== y) this.fail(x === undefined ? "a value appeared" : "the value is gone");
      return;
    }
    this.value(x, y, data);
  }

  /** `data`: inside a parameter declaration, where `#<...>` is text sent as written. */
  private value(x: A.Value, y: A.Value, data: boolean): void {
    this.same("value kind", x.kind, y.kind);
    switch (x.kind) {
      case "String":
        return this.string(x, y as A.StringValue, data);
      case "Number":
        return this.same("number", x.raw, (y as A.NumberValue).raw);
      case "Boolean":
        return this.same("boolean", x.value, (y as A.BooleanValue).value);
      case "Duration": {
        const d = y as A.DurationValue;
        this.same("duration", x.count, d.count);
        this.same("duration unit", x.unit, d.unit);
        return this.same("duration as written", x.raw.split(/\s+/).join(" "), d.raw.split(/\s+/).join(" "));
      }
      case "DateTime":
        return this.same("date-time", x.value, (y as A.DateTimeValue).value);
      case "Identifier":
        return this.same("word", x.name, (y as A.IdentifierValue).name);
      case "List":
        return this.list("items", x.items, (y as A.ListValue).items, (i, j) => this.value(i, j, data));
      case "Map":
        return this.list("entries", x.entries, (y as A.MapValue).entries, (e, f) => {
          this.same("map key", e.key.value, f.key.value);
          this.at(e.key.value, () => this.optionalValue(e.value, f.value, data));
        });
    }
  }

  /** Text runs joined (empty ones dropped) and interpolations, in order. */
  private pieces(s: A.StringValue): (string | A.Interpolation)[] {
    const out: (string | A.Interpolation)[] = [];
    for (const p of s.parts) {
      if (p.kind === "Interpolation") out.push(p);
      else if (p.text !== "") {
        const last = out.length - 1;
        if (typeof out[last] === "string") out[last] = (out[last] as string) + p.text;
        else out.push(p.text);
      }
    }
    return out;
  }

  private string(x: A.StringValue, y: A.StringValue, data: boolean): void {
    const xs = this.pieces(x);
    const ys = this.pieces(y);
    this.list("string parts", xs, ys, (p, q) => {
      if (typeof p === "string" || typeof q === "string") {
        if (typeof p !== typeof q) this.fail("text and an expression changed places");
        return this.same("text", p, q);
      }
      const wx = data && this.a.text !== undefined ? this.a.text.slice(p.span.start, p.span.end) : undefined;
      const wy = data && this.b.text !== undefined ? this.b.text.slice(q.span.start, q.span.end) : undefined;
      if (wx !== undefined && wy !== undefined) return this.same("parameter text", wx, wy);
      this.expr(p.expr, q.expr);
    });
  }

  private expr(x: A.Expr | undefined, y: A.Expr | undefined): void {
    if (x === undefined || y === undefined) {
      if (x !== y) this.fail("an expression appeared or is gone");
      return;
    }
    this.same("expression kind", x.kind, y.kind);
    switch (x.kind) {
      case "NumberExpr":
        return this.same("number", x.raw, (y as A.NumberExpr).raw);
      case "StringExpr": {
        const s = y as A.StringExpr;
        this.same("string", x.value, s.value);
        return this.same("string as written", x.raw, s.raw);
      }
      case "NameExpr": {
        const n = y as A.NameExpr;
        this.same("name", x.name, n.name);
        return this.same("encrypted", x.encrypted, n.encrypted);
      }
      case "RuntimeExpr":
        return this.same("runtime field", x.name, (y as A.RuntimeExpr).name);
      case "MemberExpr": {
        const m = y as A.MemberExpr;
        this.same("member", x.name, m.name);
        this.same("runtime member", x.runtime, m.runtime);
        return this.at(`.${x.name}`, () => this.expr(x.target, m.target));
      }
      case "CallExpr": {
        const c = y as A.CallExpr;
        this.same("function", x.callee, c.callee);
        this.same("method call", x.method, c.method);
        return this.list(`${x.callee}() arguments`, x.args, c.args, (p, q) => this.expr(p, q));
      }
      case "BinaryExpr": {
        const b = y as A.BinaryExpr;
        this.same("operator", x.op, b.op);
        this.at("left", () => this.expr(x.left, b.left));
        return this.at("right", () => this.expr(x.right, b.right));
      }
      case "UnaryExpr":
        return this.at("-", () => this.expr(x.operand, (y as A.UnaryExpr).operand));
    }
  }
}
