/** Names: Terraform logical names and AWS resource names, deterministic and within AWS limits. */
import { createHash } from "node:crypto";

/** A Terraform identifier: letters, digits, `_` and `-`, starting with a letter or `_`. */
export function logicalName(text: string): string {
  let s = text.replace(/[^A-Za-z0-9_-]/g, "_");
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

/**
 * An AWS name from `parts` joined by `-`, restricted to `[A-Za-z0-9_-]` and cut to `max`
 * characters; a cut name ends in 8 hex digits of a hash of the full name, so it stays unique.
 */
export function awsName(parts: readonly string[], max: number): string {
  const full = parts
    .filter((p) => p !== "")
    .join("-")
    .replace(/[^A-Za-z0-9_-]/g, "-");
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, max - 9)}-${hash}`;
}

export const NAME_LIMITS = {
  stateMachine: 80,
  iamRole: 64,
  iamPolicy: 128,
  schedule: 64,
  snsTopic: 256,
  alarm: 255,
  logGroup: 512,
  dataPipeline: 1024,
  sqsQueue: 80,
  /** S3 bucket names are lower case and at most 63 characters. */
  bucket: 63,
} as const;
