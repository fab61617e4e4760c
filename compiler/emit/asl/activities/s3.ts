/** S3 data nodes as the Step Functions back end reads them: a path, and shell staging of inputs and outputs. */
import type { ObjectIR } from "../../../ir/ir.ts";
import type { AslContext } from "../context.ts";
import { shq } from "../states.ts";

/** An S3DataNode's `directoryPath` or `filePath` (JSONata), or undefined after an error. */
export function s3Location(ctx: AslContext, node: ObjectIR): { path: string; directory: boolean } | undefined {
  const dir = ctx.fieldJsonata(node, "directoryPath");
  if (dir) return { path: dir, directory: true };
  const file = ctx.fieldJsonata(node, "filePath");
  if (file) return { path: file, directory: false };
  if (!ctx.field(node, "directoryPath") && !ctx.field(node, "filePath")) ctx.error("PIPE5201", node.idSpan, `S3DataNode '${node.id}' has neither directoryPath nor filePath`);
  return undefined;
}

/**
 * `stage = true` for a shell command: copies each S3 input into `$INPUTn_STAGING_DIR` before the
 * command and each `$OUTPUTn_STAGING_DIR` to its S3 output after it (JSONata string parts).
 */
export function shellStaging(ctx: AslContext, a: ObjectIR): { before: string; after: string } | undefined {
  let before = "'set -e\n'";
  let after = "''";
  let i = 0;
  for (const input of ctx.refs(a, "input")) {
    i++;
    const loc = input.type === "S3DataNode" ? s3Location(ctx, input) : undefined;
    if (!loc) {
      if (input.type !== "S3DataNode") ctx.error("PIPE5201", a.idSpan, `'${a.id}' stages input '${input.id}' (${input.type}); only S3DataNode inputs can be staged`);
      return undefined;
    }
    before += ` & 'export INPUT${i}_STAGING_DIR=$(mktemp -d)\naws s3 cp${loc.directory ? " --recursive" : ""} ' & ${shq(loc.path)} & ' "$INPUT${i}_STAGING_DIR${loc.directory ? "" : "/"}"\n'`;
  }
  i = 0;
  for (const output of ctx.refs(a, "output")) {
    i++;
    const loc = output.type === "S3DataNode" ? s3Location(ctx, output) : undefined;
    if (!loc) {
      if (output.type !== "S3DataNode") ctx.error("PIPE5201", a.idSpan, `'${a.id}' stages output '${output.id}' (${output.type}); only S3DataNode outputs can be staged`);
      return undefined;
    }
    before += ` & 'export OUTPUT${i}_STAGING_DIR=$(mktemp -d)\n'`;
    after += ` & '\naws s3 cp --recursive "$OUTPUT${i}_STAGING_DIR" ' & ${shq(loc.path)}`;
  }
  return { before, after };
}
