/** A list of diagnostics that keeps at most MAX_SYNTAX_ERRORS of each code as they are pushed. */
import { MAX_SYNTAX_ERRORS } from "../ast/lexer-diagnostics.ts";
import { diagnostic } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

export class CappedDiagnostics extends Array<Diagnostic> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  private readonly kept = new Map<string, number>();
  private readonly dropped = new Map<string, number>();

  override push(...items: Diagnostic[]): number {
    for (const d of items) {
      const n = this.kept.get(d.code) ?? 0;
      if (n >= MAX_SYNTAX_ERRORS) this.dropped.set(d.code, (this.dropped.get(d.code) ?? 0) + 1);
      else {
        this.kept.set(d.code, n + 1);
        super.push(d);
      }
    }
    return this.length;
  }

  /** The kept diagnostics and one PIPE1010 per code that had more, as a plain array. */
  done(file: string, length: number): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const d of this) out.push(d);
    for (const [code, n] of [...this.dropped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(diagnostic("PIPE1010", file, { start: length, end: length }, `${n} more ${code} diagnostic${n === 1 ? "" : "s"} in this file not shown`));
    }
    return out;
  }
}
