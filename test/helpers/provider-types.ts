/**
 * Checks synthesized Terraform JSON (`cdk.tf.json`) against the AWS provider's schema as the
 * provider package ships it. Neither @cdktf/provider-aws nor @cdktn/provider-aws ships the
 * provider's JSON schema; each ships declarations generated from it: per resource a config
 * interface whose properties link to the Terraform argument they set
 * (`{@link https://registry.terraform.io/.../sfn_state_machine#role_arn SfnStateMachine#role_arn}`),
 * optional or required as in the schema, with nested blocks as interfaces of their own. This
 * reads those declarations with the TypeScript parser (nothing of pipec, nothing of the
 * provider's run-time code) and checks every resource, data source and provider block: each
 * argument is one the schema has, with a value of its type, every required argument is there,
 * nested blocks recursively.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

type Kind =
  | { readonly t: "string" | "number" | "boolean" | "any" }
  | { readonly t: "list"; readonly of: Kind }
  | { readonly t: "map" }
  | { readonly t: "block"; readonly struct: string; readonly list: boolean };

interface Argument {
  readonly name: string;
  readonly required: boolean;
  readonly kind: Kind;
}

type Struct = ReadonlyMap<string, Argument>;

/** Arguments every resource and data source takes (Terraform's meta-arguments) and cdktf's metadata. */
const META = new Set(["//", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner", "connection"]);

export class ProviderTypes {
  private readonly structs = new Map<string, Struct>();
  private readonly configs = new Map<string, string>();
  private readonly providerRoot: string;

  /** `providerRoot`: the package directory (node_modules/@cdktf/provider-aws or @cdktn/provider-aws). */
  constructor(providerRoot: string) {
    this.providerRoot = providerRoot;
  }

  /** The module directory of a Terraform type: `aws_sfn_state_machine` → sfn-state-machine, data → data-aws-…, the provider → provider. */
  private load(tfType: string, data: boolean): string {
    const key = `${data ? "data." : ""}${tfType}`;
    const known = this.configs.get(key);
    if (known !== undefined) return known;
    const dir = tfType === "aws" ? "provider" : data ? tfType.replace(/_/g, "-").replace(/^aws-/, "data-aws-") : tfType.replace(/^aws_/, "").replace(/_/g, "-");
    const base = join(this.providerRoot, "lib", dir);
    if (!existsSync(join(base, "index.d.ts"))) throw new Error(`the provider package has no module for ${key} (looked in ${base})`);
    const files = [join(base, "index.d.ts")];
    const structsDir = join(base, "index-structs");
    if (existsSync(structsDir)) for (const f of readdirSync(structsDir).sort()) if (f.endsWith(".d.ts")) files.push(join(structsDir, f));
    let config: string | undefined;
    for (const file of files) {
      const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
      for (const st of sf.statements) {
        if (ts.isInterfaceDeclaration(st)) this.structs.set(st.name.text, this.struct(st));
        if (ts.isClassDeclaration(st) && file === files[0]) {
          const tf = st.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === "tfResourceType");
          const value = tf && ts.isPropertyDeclaration(tf) && tf.initializer && ts.isStringLiteral(tf.initializer) ? tf.initializer.text : undefined;
          if (value !== tfType) continue;
          const ctor = st.members.find((m) => ts.isConstructorDeclaration(m)) as ts.ConstructorDeclaration | undefined;
          const param = ctor?.parameters.find((p) => p.name.getText() === "config");
          if (param?.type && ts.isTypeReferenceNode(param.type)) config = param.type.typeName.getText();
        }
      }
    }
    if (config === undefined) throw new Error(`no class with tfResourceType "${tfType}" and a config parameter in ${files[0]}`);
    this.configs.set(key, config);
    return config;
  }

  private struct(decl: ts.InterfaceDeclaration): Struct {
    const out = new Map<string, Argument>();
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || m.type === undefined) continue;
      const docs = m.getFullText().slice(0, m.getLeadingTriviaWidth());
      const link = /\{@link https:\/\/registry\.terraform\.io\/[^\s#]+#([A-Za-z0-9_]+) /.exec(docs);
      if (!link) continue; // not a Terraform argument
      out.set(link[1], { name: link[1], required: m.questionToken === undefined, kind: this.kind(m.type) });
    }
    return out;
  }

  private kind(type: ts.TypeNode): Kind {
    const parts = ts.isUnionTypeNode(type) ? [...type.types] : [type];
    // `IResolvable` is a cdktf token: the value's own type is the other member of the union.
    const own = parts.filter((p) => !(ts.isTypeReferenceNode(p) && /IResolvable$/.test(p.typeName.getText())));
    const t = own[0] ?? parts[0];
    if (t.kind === ts.SyntaxKind.StringKeyword) return { t: "string" };
    if (t.kind === ts.SyntaxKind.NumberKeyword) return { t: "number" };
    if (t.kind === ts.SyntaxKind.BooleanKeyword) return { t: "boolean" };
    if (ts.isArrayTypeNode(t)) {
      const el = t.elementType;
      if (ts.isTypeReferenceNode(el) && !/IResolvable$/.test(el.typeName.getText())) return { t: "block", struct: el.typeName.getText(), list: true };
      return { t: "list", of: this.kind(el) };
    }
    if (ts.isTypeLiteralNode(t)) return { t: "map" };
    if (ts.isTypeReferenceNode(t)) return { t: "block", struct: t.typeName.getText(), list: false };
    return { t: "any" };
  }

  /** The problems of one block (a resource's, a data source's or the provider's body). */
  check(tfType: string, data: boolean, body: unknown, where: string): string[] {
    const config = this.load(tfType, data);
    return this.checkStruct(config, body, where, true);
  }

  private checkStruct(name: string, body: unknown, where: string, top: boolean): string[] {
    const struct = this.structs.get(name);
    if (struct === undefined) return [`${where}: the provider package declares no ${name}`];
    if (body === null || typeof body !== "object" || Array.isArray(body)) return [`${where}: expected an object`];
    const problems: string[] = [];
    const given = body as Record<string, unknown>;
    for (const [key, value] of Object.entries(given)) {
      if (top && META.has(key)) continue;
      const arg = struct.get(key);
      if (arg === undefined) {
        problems.push(`${where}.${key}: not an argument of ${name} (the schema has: ${[...struct.keys()].sort().join(", ")})`);
        continue;
      }
      problems.push(...this.checkValue(arg.kind, value, `${where}.${key}`));
    }
    for (const arg of struct.values()) if (arg.required && !(arg.name in given)) problems.push(`${where}: the required argument ${arg.name} is missing`);
    return problems;
  }

  private checkValue(kind: Kind, value: unknown, where: string): string[] {
    const expression = typeof value === "string" && /^\$\{[^]*\}$/.test(value);
    switch (kind.t) {
      case "any":
        return [];
      case "string":
        return typeof value === "string" ? [] : [`${where}: expected a string, got ${JSON.stringify(value)}`];
      case "number":
        return typeof value === "number" || expression ? [] : [`${where}: expected a number, got ${JSON.stringify(value)}`];
      case "boolean":
        return typeof value === "boolean" || expression ? [] : [`${where}: expected a boolean, got ${JSON.stringify(value)}`];
      case "map":
        return (value !== null && typeof value === "object" && !Array.isArray(value)) || expression ? [] : [`${where}: expected a map, got ${JSON.stringify(value)}`];
      case "list":
        if (expression) return [];
        if (!Array.isArray(value)) return [`${where}: expected a list, got ${JSON.stringify(value)}`];
        return value.flatMap((v, i) => this.checkValue(kind.of, v, `${where}[${i}]`));
      case "block": {
        if (expression) return [];
        const items = Array.isArray(value) ? value : [value];
        if (!kind.list && items.length > 1) return [`${where}: at most one ${kind.struct} block`];
        return items.flatMap((v, i) => this.checkStruct(kind.struct, v, Array.isArray(value) ? `${where}[${i}]` : where, false));
      }
    }
  }
}

/** Every problem of one synthesized stack (`cdk.tf.json` parsed): resources, data sources and the provider blocks. */
export function checkStack(types: ProviderTypes, stack: Record<string, unknown>, name: string): { problems: string[]; blocks: number } {
  const problems: string[] = [];
  let blocks = 0;
  for (const [section, data] of [
    ["resource", false],
    ["data", true],
  ] as const) {
    const byType = (stack[section] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [tfType, byName] of Object.entries(byType)) {
      for (const [id, body] of Object.entries(byName)) {
        blocks++;
        problems.push(...types.check(tfType, data, body, `${name}: ${data ? "data." : ""}${tfType}.${id}`));
      }
    }
  }
  const providers = (stack.provider ?? {}) as Record<string, unknown[]>;
  for (const [p, list] of Object.entries(providers)) {
    for (const [i, body] of list.entries()) {
      blocks++;
      problems.push(...types.check(p, false, body, `${name}: provider.${p}[${i}]`));
    }
  }
  return { problems, blocks };
}
