/** Small queries over the IR shared by the lint rules (PIPE6xxx). */
import type { FieldIR, ObjectIR, PipelineIR, ValueIR } from "../ir/ir.ts";
import type { Span } from "../source/source.ts";
import { allObjects } from "../validate/util.ts";

export interface TextSite {
  readonly object: ObjectIR;
  readonly field: FieldIR;
  readonly value: ValueIR;
  /** The literal text, or the text parts of a template joined (expressions left out). */
  readonly text: string;
  readonly span: Span;
}

const textSitesOf = new WeakMap<PipelineIR, readonly TextSite[]>();

/** Every literal or template text written in a field of an object (Default included); collected once per pipeline. */
export function textSites(p: PipelineIR): readonly TextSite[] {
  let sites = textSitesOf.get(p);
  if (sites === undefined) {
    sites = collectTextSites(p);
    textSitesOf.set(p, sites);
  }
  return sites;
}

function collectTextSites(p: PipelineIR): readonly TextSite[] {
  const out: TextSite[] = [];
  const visit = (object: ObjectIR, fields: readonly FieldIR[]): void => {
    for (const field of fields) {
      for (const value of field.values) {
        if (value.kind === "literal") out.push({ object, field, value, text: value.text, span: value.span });
        else if (value.kind === "template") {
          let text = "";
          for (const x of value.parts) text += x.kind === "text" ? x.text : "\u0000";
          out.push({ object, field, value, text, span: value.span });
        }
      }
    }
  };
  for (const o of allObjects(p)) visit(o, o.fields);
  if (p.otherAttributes?.length) visit(p.defaults, p.otherAttributes);
  return out;
}

/** The ids of the objects some ref field points to (after inheritance). */
export function referencedIds(p: PipelineIR): Set<string> {
  const ids = new Set<string>();
  for (const e of p.edges) ids.add(e.to);
  return ids;
}
