/**
 * The TextMate grammar of `.pipe` (syntaxes/pipe.tmLanguage.json), generated from the token
 * patterns the compiler's lexer and scanner use (grammar/patterns.ts), so that literals, escapes
 * and quoted names are matched by the same expressions. `node editors/vscode/scripts/grammar.mts`
 * rewrites the file; a test compares it with this output and checks the scopes against the
 * Chevrotain lexer's tokens.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as P from "../../../grammar/patterns.ts";

const src = (r: RegExp): string => r.source;
const IDENT = "[A-Za-z_][A-Za-z0-9_]*";
const NAME = `(?:${IDENT}|${src(P.QUOTED_IDENTIFIER)})`;

export function pipeGrammar(): Record<string, unknown> {
  const expression = (): unknown[] => [
    { name: "string.quoted.single.pipe", match: src(P.EXPR_SSTRING) },
    { name: "string.quoted.double.expression.pipe", match: src(P.EXPR_DSTRING) },
    { name: "variable.language.runtime.pipe", match: "@[A-Za-z_][A-Za-z0-9_]*" },
    { name: "constant.numeric.pipe", match: src(P.EXPR_NUMBER) },
    { name: "support.function.pipe", match: `${IDENT}(?=\\s*\\()` },
    { name: "variable.language.node.pipe", match: "\\bnode\\b" },
    { name: "variable.other.pipe", match: IDENT },
    { name: "keyword.operator.arithmetic.pipe", match: "[-+*/^]" },
    { name: "punctuation.accessor.pipe", match: "\\." },
    { name: "punctuation.separator.comma.pipe", match: "," },
    { name: "punctuation.section.parens.pipe", match: "[()]" },
  ];
  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "pipe",
    scopeName: "source.pipe",
    fileTypes: ["pipe"],
    patterns: [{ include: "#comments" }, { include: "#declarations" }, { include: "#values" }, { include: "#punctuation" }, { include: "#invalid" }],
    repository: {
      comments: {
        patterns: [
          { name: "comment.line.double-slash.pipe", match: "//.*$" },
          { name: "comment.block.pipe", begin: "/\\*", end: "\\*/", beginCaptures: { 0: { name: "punctuation.definition.comment.begin.pipe" } }, endCaptures: { 0: { name: "punctuation.definition.comment.end.pipe" } } },
        ],
      },
      declarations: {
        patterns: [
          {
            match: `\\b(pipeline)\\s+(${NAME})`,
            captures: { 1: { name: "keyword.other.pipeline.pipe" }, 2: { name: "entity.name.namespace.pipe" } },
          },
          {
            match: `\\b(param)\\s+(\\*?${NAME})(?:\\s*(:)\\s*([A-Za-z_][A-Za-z0-9_:]*))?`,
            captures: { 1: { name: "keyword.other.param.pipe" }, 2: { name: "variable.parameter.pipe" }, 3: { name: "punctuation.separator.type.pipe" }, 4: { name: "entity.name.type.parameter.pipe" } },
          },
          { match: "\\b(default)\\s*(?=\\{)", captures: { 1: { name: "keyword.other.default.pipe" } } },
          {
            match: `(${NAME})\\s+(${NAME})\\s*(?=\\{)`,
            captures: { 1: { name: "entity.name.type.object.pipe" }, 2: { name: "entity.name.object.pipe" } },
          },
          { match: `(\\*?${NAME})\\s*(?==)`, captures: { 1: { name: "variable.other.property.pipe" } } },
          { name: "keyword.other.pipe", match: "\\b(?:pipeline|param|default)\\b" },
        ],
      },
      values: {
        patterns: [
          { include: "#triple-string" },
          { include: "#double-string" },
          { name: "constant.language.boolean.pipe", match: "\\b(?:true|false)\\b" },
          { name: "constant.other.datetime.pipe", match: src(P.DATE_TIME) },
          { name: "constant.numeric.duration.pipe", match: src(P.DURATION) },
          { name: "constant.numeric.pipe", match: src(P.NUMBER) },
          { name: "variable.other.quoted.pipe", match: src(P.QUOTED_IDENTIFIER) },
          { name: "variable.other.value.pipe", match: IDENT },
        ],
      },
      "triple-string": {
        name: "string.quoted.triple.pipe",
        begin: '"""',
        end: '"""(?!")',
        beginCaptures: { 0: { name: "punctuation.definition.string.begin.pipe" } },
        endCaptures: { 0: { name: "punctuation.definition.string.end.pipe" } },
        patterns: [{ name: "constant.character.escape.pipe", match: "\\\\#[<{]" }, { include: "#escape" }, { include: "#legacy-interpolation" }, { include: "#triple-interpolation" }],
      },
      "double-string": {
        name: "string.quoted.double.pipe",
        begin: '"',
        end: '"|$',
        beginCaptures: { 0: { name: "punctuation.definition.string.begin.pipe" } },
        endCaptures: { 0: { name: "punctuation.definition.string.end.pipe" } },
        patterns: [{ include: "#escape" }, { include: "#legacy-interpolation" }, { include: "#double-interpolation" }],
      },
      escape: { patterns: [{ name: "constant.character.escape.pipe", match: src(P.ESCAPE) }, { name: "invalid.illegal.escape.pipe", match: "\\\\." }] },
      "legacy-interpolation": { name: "invalid.illegal.legacy-interpolation.pipe", match: '#\\{[^}"\\r\\n]*\\}?' },
      "double-interpolation": {
        name: "meta.interpolation.pipe",
        contentName: "meta.embedded.expression.pipe",
        begin: "#<",
        end: '>|(?=")|$',
        applyEndPatternLast: 1,
        beginCaptures: { 0: { name: "punctuation.section.interpolation.begin.pipe" } },
        endCaptures: { 0: { name: "punctuation.section.interpolation.end.pipe" } },
        patterns: expression(),
      },
      "triple-interpolation": {
        name: "meta.interpolation.pipe",
        contentName: "meta.embedded.expression.pipe",
        begin: "#<",
        end: '>|(?=""")',
        applyEndPatternLast: 1,
        beginCaptures: { 0: { name: "punctuation.section.interpolation.begin.pipe" } },
        endCaptures: { 0: { name: "punctuation.section.interpolation.end.pipe" } },
        patterns: expression(),
      },
      punctuation: {
        patterns: [
          { name: "punctuation.section.block.begin.pipe", match: "\\{" },
          { name: "punctuation.section.block.end.pipe", match: "\\}" },
          { name: "punctuation.section.brackets.pipe", match: "[\\[\\]]" },
          { name: "keyword.operator.assignment.pipe", match: "=" },
          { name: "punctuation.separator.pipe", match: "[,:]" },
          { name: "keyword.operator.encrypted.pipe", match: "\\*" },
        ],
      },
      invalid: {
        patterns: [
          { name: "invalid.illegal.single-quoted.pipe", match: "'(?:[^'\\\\\\r\\n]|\\\\.)*'?" },
          { name: "invalid.illegal.hash-comment.pipe", match: "#(?![<{]).*$" },
        ],
      },
    },
  };
}

export function grammarText(): string {
  return `${JSON.stringify(pipeGrammar(), null, 2)}\n`;
}

if (import.meta.main) {
  const out = join(import.meta.dirname, "..", "syntaxes", "pipe.tmLanguage.json");
  writeFileSync(out, grammarText());
  process.stdout.write(`wrote ${out}\n`);
}
