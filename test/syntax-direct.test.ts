/**
 * The direct parser (compiler/ast/direct.ts) against the full Chevrotain path: on every input,
 * either the direct parser gives up, or the full path reports nothing and builds the same
 * tree, byte for byte once serialised (key order included). On files without syntax errors it
 * must not give up, or well-formed files would lose the fast path.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generate } from "../bench/generate.ts";
import { parseWellFormed } from "../compiler/ast/direct.ts";
import { parse } from "../compiler/ast/parse.ts";
import { parseWithRecovery } from "../compiler/ast/recover.ts";
import { SourceFile } from "../compiler/source/source.ts";
import { mutate, mutation, TOKENS, tokenSoup } from "./helpers/syntax-inputs.ts";

const root = join(import.meta.dirname, "..");

function pipeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...pipeFiles(p));
    else if (f.endsWith(".pipe")) out.push(p);
  }
  return out;
}

type Outcome = "same" | "direct-only" | "full-only" | "neither";

/** Compares the two paths on one text; throws when the direct parser accepts what it must not, or builds another tree. */
function compare(text: string): Outcome {
  const direct = parseWellFormed(text);
  const full = parseWithRecovery(new SourceFile("x.pipe", text));
  const clean = full.diagnostics.length === 0;
  if (direct === undefined) return clean ? "full-only" : "neither";
  if (!clean) throw new Error(`the direct parser accepted a file with ${full.diagnostics.map((d) => d.code).join(", ")}:\n${text}`);
  const a = JSON.stringify(direct);
  const b = JSON.stringify(full.ast);
  if (a !== b) throw new Error(`the trees differ:\n${text}\n--- direct\n${a}\n--- full\n${b}`);
  return "same";
}

const files = [...pipeFiles(join(root, "examples")), ...pipeFiles(join(root, "test", "fixtures"))];
const valid = pipeFiles(join(root, "test", "fixtures", "syntax", "accept")).map((f) => readFileSync(f, "utf8"));

describe("direct parser", () => {
  it("builds the full path's tree on every example and fixture, and gives up exactly where the full path reports", () => {
    const counts: Record<Outcome, number> = { same: 0, "direct-only": 0, "full-only": 0, neither: 0 };
    for (const f of files) {
      const outcome = compare(readFileSync(f, "utf8"));
      if (outcome === "full-only") throw new Error(`the direct parser gave up on ${f}, which has no syntax error`);
      counts[outcome]++;
    }
    expect(counts.same).toBeGreaterThan(100);
    expect(counts.neither).toBeGreaterThan(40); // the rejected-syntax fixtures
  });

  it("takes generated estates (both shapes) without falling back", () => {
    for (const shape of ["estate", "single"] as const) {
      for (const seed of [1, 2, 3]) expect(compare(generate({ objects: 400, seed, shape }))).toBe("same");
    }
  });

  it("parse() uses it: a well-formed file gets the direct tree, a broken one the full path's diagnostics", () => {
    const text = valid[0];
    expect(parse(new SourceFile("a.pipe", text)).ast).toStrictEqual(parseWellFormed(text));
    const broken = parse(new SourceFile("b.pipe", `${text}\npipeline p { x = }\n`));
    expect(broken.diagnostics.length).toBeGreaterThan(0);
  });

  it("mutated valid files: never a different tree, never a missed error", () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, ms) => {
        const outcome = compare(ms.reduce(mutate, text));
        if (outcome === "full-only") throw new Error("gave up on a file without syntax errors");
      }),
      { numRuns: 1500 },
    );
  });

  it("token soup in a block, in a string and in an expression", () => {
    fc.assert(
      fc.property(tokenSoup, fc.constantFrom(0, 1, 2, 3), (soup, where) => {
        const text = [
          `pipeline p {\n${soup}\n}\n`,
          `pipeline p {\n  Thing A {\n    x = "#<${soup}>"\n  }\n}\n`,
          `pipeline p {\n  Thing A {\n    x = """\n${soup}\n"""\n  }\n}\n`,
          `pipeline p {\n  Thing A {\n    x = [${soup}]\n    y = {${soup}}\n  }\n}\n`,
        ][where];
        compare(text);
      }),
      { numRuns: 1500 },
    );
  });

  it("values, strings and expressions built from the language's pieces", () => {
    const atom = fc.constantFrom("a", "b1", "@scheduledStartTime", "*myKey", "1", "2.5", ".5", "'s'", '"d"', "'\\''", "node.name", "x.@id", "f()", "f(a, 2)", "a.g(1)");
    const op = fc.constantFrom(" + ", " - ", "*", " / ", "^", " ^ -", "-");
    const expr = fc.tuple(atom, fc.array(fc.tuple(op, atom), { maxLength: 5 }), fc.boolean()).map(([a, rest, paren]) => {
      const e = a + rest.map(([o, b]) => o + b).join("");
      return paren ? `(${e})` : e;
    });
    const text = fc.constantFrom("a", " ", "\\n", "\\\"", "\\u{1F600}", "\\u00e9", "\\#<", "#", "\t", "é", "😀");
    const piece = fc.oneof(text, expr.map((e) => `#<${e}>`), expr.map((e) => `#< ${e} >`));
    const str = fc.tuple(fc.array(piece, { maxLength: 6 }), fc.constantFrom(0, 1, 2)).map(([ps, kind]) => {
      const body = ps.join("");
      if (kind === 0) return `"${body}"`;
      const lines = body.replace(/\\n/g, "\n    ").replace(/\\"/g, '"');
      return kind === 1 ? `"""${lines}"""` : `"""\n    ${lines}\n    """`;
    });
    const scalar = fc.oneof(str, fc.constantFrom("1", "-2.5e3", "10 minutes", "1 Day", "2026-01-01T00:00:00", "2026-01-01T00:00:00Z", "true", "false", "Word", "`Quoted \\` id`", "param", "default", "pipeline"));
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
      fc.array(fc.tuple(fc.constantFrom("k", "`k 2`", '"s"', "pipeline"), scalar), { maxLength: 3 }).map((es) => `{ ${es.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
    );
    const field = fc.tuple(fc.constantFrom("x", "*secret", "`odd key`", "param", "default", "pipeline"), value).map(([k, v]) => `${k} = ${v}`);
    const program = fc.array(field, { maxLength: 6 }).map((fs) => `// top\npipeline p {\n  param myX: String = "v" { description = "d" }\n  default { a = 1 }\n  Thing A {\n    ${fs.join("\n    ")}\n  }\n  ${fs.join("\n  ")}\n}\n/* end */\n`);
    let same = 0;
    fc.assert(
      fc.property(program, (text) => {
        const outcome = compare(text);
        if (outcome === "full-only") throw new Error(`gave up on a file without syntax errors:\n${text}`);
        if (outcome === "same") same++;
      }),
      { numRuns: 1500 },
    );
    expect(same).toBeGreaterThan(500); // most generated programs are well formed
  });

  it("tokens of the language joined at random", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => `pipeline p { ${t.join(" ")} }`), (text) => void compare(text)), { numRuns: 1500 });
  });
});
