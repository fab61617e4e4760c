/**
 * Prints a `.pipe` AST as text: two-space indentation, one member per line, a blank line
 * between declarations, `"..."` strings with escapes or `"""..."""` for multi-line text.
 * This is the importer's printer; `pipec fmt` uses the Prettier plugin in compiler/format/.
 */
import type * as A from "../ast/nodes.ts";
import { needsQuotes, interpolationText } from "./to-ast.ts";

const INDENT = "  ";
const MAX_LINE = 100;

export function printPipeFile(file: A.PipeFile): string {
  return file.pipelines.map(printPipeline).join("\n");
}

function printPipeline(p: A.Pipeline): string {
  const lines: string[] = [`pipeline ${p.name ? name(p.name.value) : "pipeline"} {`];
  let prev: A.Member["kind"] | undefined;
  for (const m of p.members) {
    // Parameters sit together; every block is set off by a blank line.
    if (prev !== undefined && !(prev === "Param" && m.kind === "Param" && !(m as A.ParamDecl).hasBody) && !(prev === "Field" && m.kind === "Field")) lines.push("");
    lines.push(...member(m, INDENT));
    prev = m.kind === "Param" && (m as A.ParamDecl).hasBody ? "Object" : m.kind;
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function member(m: A.Member, indent: string): string[] {
  switch (m.kind) {
    case "Field":
      return field(m, indent);
    case "Param": {
      let head = `${indent}param ${m.encrypted ? "*" : ""}${m.name?.value ?? "myParam"}`;
      if (m.type) head += `: ${name(m.type.value)}`;
      if (m.value) head += ` = ${value(m.value, indent)}`;
      if (!m.hasBody) return [head];
      return [`${head} {`, ...m.fields.flatMap((f) => field(f, indent + INDENT)), `${indent}}`];
    }
    case "Default":
      return block(`${indent}default`, m.fields, indent);
    case "Object":
      return block(`${indent}${m.type.value} ${m.id ? name(m.id.value) : "_"}`, m.fields, indent);
  }
}

function block(head: string, fields: readonly A.Field[], indent: string): string[] {
  if (fields.length === 0) return [`${head} {}`];
  return [`${head} {`, ...fields.flatMap((f) => field(f, indent + INDENT)), `${indent}}`];
}

function field(f: A.Field, indent: string): string[] {
  const key = f.key.value.startsWith("*") ? `*${keyName(f.key.value.slice(1))}` : keyName(f.key.value);
  const v = f.value ? value(f.value, indent) : '""';
  return [`${indent}${key} = ${v}`];
}

function keyName(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && k !== "true" && k !== "false" ? k : backtick(k);
}

export function name(n: string): string {
  return needsQuotes(n) ? backtick(n) : n;
}

function backtick(n: string): string {
  return `\`${n.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}

function value(v: A.Value, indent: string): string {
  switch (v.kind) {
    case "String":
      return stringValue(v, indent);
    case "Number":
      return v.raw;
    case "Boolean":
      return v.value ? "true" : "false";
    case "Duration":
      return v.raw;
    case "DateTime":
      return v.value;
    case "Identifier":
      return v.quoted || needsQuotes(v.name) ? backtick(v.name) : v.name;
    case "List": {
      const items = v.items.map((i) => value(i, indent + INDENT));
      const flat = `[${items.join(", ")}]`;
      if (!flat.includes("\n") && flat.length + indent.length + 20 <= MAX_LINE) return flat;
      return `[\n${items.map((i) => `${indent}${INDENT}${i},`).join("\n")}\n${indent}]`;
    }
    case "Map": {
      if (v.entries.length === 0) return "{}";
      const items = v.entries.map((e) => `${keyName(e.key.value)}: ${e.value ? value(e.value, indent + INDENT) : '""'}`);
      const flat = `{ ${items.join(", ")} }`;
      if (!flat.includes("\n") && flat.length + indent.length + 20 <= MAX_LINE) return flat;
      return `{\n${items.map((i) => `${indent}${INDENT}${i},`).join("\n")}\n${indent}}`;
    }
  }
}

function exprText(p: A.Interpolation): string {
  return interpolationText.get(p) ?? (p.expr ? printExpr(p.expr) : "");
}

function stringValue(s: A.StringValue, indent: string): string {
  const hasBreak = s.parts.some((p) => p.kind === "Text" && p.text.includes("\n"));
  if (hasBreak) {
    const triple = tripleString(s, indent);
    if (triple !== undefined) return triple;
  }
  let out = '"';
  for (const p of s.parts) {
    if (p.kind === "Interpolation") {
      out += `#<${exprText(p).replace(/\s*[\r\n]\s*/g, " ")}>`;
      continue;
    }
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      const cp = t.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      if (ch === "#" && (t[i + 1] === "<" || t[i + 1] === "{")) out += "\\#";
      else out += escapeChar(ch);
    }
  }
  return `${out}"`;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const c = ch.codePointAt(0) ?? 0;
      if (c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff || c === 0x2028 || c === 0x2029) {
        return `\\u{${c.toString(16).toUpperCase()}}`;
      }
      return ch;
    }
  }
}

/**
 * `"""` strings: the content starts on the line after the quotes and is indented one level
 * deeper than the field; the closing quotes stand on their own line when the text ends with a
 * line break. Only text that reads back identically is printed this way: no carriage returns,
 * no control characters, no `"""`, and at least one non-blank line without leading white space
 * (the common indentation is removed when reading).
 */
function tripleString(s: A.StringValue, indent: string): string | undefined {
  let body = "";
  for (const p of s.parts) {
    if (p.kind === "Interpolation") {
      body += `#<${exprText(p)}>`;
      continue;
    }
    const t = p.text;
    if (/[\r\u0000-\u0008\u000b-\u001f\u007f]/.test(t) || t.includes("\\#")) return undefined;
    body += t.replace(/#([<{])/g, "\\#$1");
  }
  if (body.includes('"""') || body.endsWith('"')) return undefined;
  const lines = body.split("\n");
  const nonBlank = lines.filter((l) => l.trim() !== "");
  if (nonBlank.length === 0 || !nonBlank.some((l) => !/^[ \t]/.test(l))) return undefined;
  // A line of white space alone as the last line would be dropped when read back.
  const endsWithBreak = body.endsWith("\n");
  const content = endsWithBreak ? lines.slice(0, -1) : lines;
  if (!endsWithBreak && /^[ \t]*$/.test(content.at(-1) ?? "")) return undefined;
  const inner = indent + INDENT;
  const printed = content.map((l) => (l === "" ? "" : inner + l));
  if (endsWithBreak) return `"""\n${printed.join("\n")}\n${inner}"""`;
  return `"""\n${printed.join("\n")}"""`;
}

// ---- expressions ----

const PRECEDENCE: Record<A.BinaryOperator, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

export function printExpr(e: A.Expr, parent = 0): string {
  switch (e.kind) {
    case "NumberExpr":
      return e.raw;
    case "StringExpr": {
      const q = e.quote;
      return q + e.value.replace(/\\/g, "\\\\").replace(q === "'" ? /'/g : /"/g, `\\${q}`).replace(/\n/g, "\\n").replace(/\t/g, "\\t") + q;
    }
    case "NameExpr":
      return `${e.encrypted ? "*" : ""}${e.name}`;
    case "RuntimeExpr":
      return `@${e.name}`;
    case "MemberExpr":
      return `${printExpr(e.target, 4)}.${e.runtime ? "@" : ""}${e.name}`;
    case "CallExpr": {
      if (e.method && e.args.length > 0) return `${printExpr(e.args[0], 4)}.${e.callee}(${e.args.slice(1).map((a) => printExpr(a)).join(", ")})`;
      return `${e.callee}(${e.args.map((a) => printExpr(a)).join(", ")})`;
    }
    case "UnaryExpr":
      return `-${printExpr(e.operand, 4)}`;
    case "BinaryExpr": {
      const p = PRECEDENCE[e.op];
      const right = e.op === "^" ? printExpr(e.right, p) : printExpr(e.right, p + 1);
      const left = e.op === "^" ? printExpr(e.left, p + 1) : printExpr(e.left, p);
      const text = `${left} ${e.op} ${right}`;
      return p < parent ? `(${text})` : text;
    }
  }
}
