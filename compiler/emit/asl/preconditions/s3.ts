/**
 * S3KeyExists and S3PrefixNotEmpty: `ListObjectsV2` with the key as prefix. A key exists when the
 * first object listed is that key exactly (it sorts before every longer key that starts with it:
 * `_SUCCESS.tmp` does not satisfy `_SUCCESS`); a prefix is not empty when anything is listed.
 */
import type { AslContext } from "../context.ts";
import type { PreconditionKind } from "./kind.ts";

function allowList(ctx: AslContext, uri: string | undefined): void {
  const m = uri ? /^s3:\/\/([^/]+)\//.exec(uri) : null;
  ctx.allow("S3Preconditions", ["s3:ListBucket"], [m ? `arn:aws:s3:::${m[1]}` : "arn:aws:s3:::*"]);
}

function kind(field: "s3Key" | "s3Prefix"): PreconditionKind {
  return {
    check(ctx, pre, s) {
      const key = ctx.fieldJsonata(pre, field, s);
      if (!key) return undefined;
      const v = ctx.field(pre, field)?.values[0];
      const lit = v ? ctx.staticValue(v) : undefined;
      allowList(ctx, lit?.ok ? lit.text : undefined);
      const bucket = `$substringBefore($substringAfter(${key}, 's3://'), '/')`;
      const prefix = `$substringAfter($substringAfter(${key}, 's3://'), '/')`;
      return {
        task: { Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2", Arguments: { Bucket: `{% ${bucket} %}`, Prefix: `{% ${prefix} %}`, MaxKeys: 1 } },
        ok: field === "s3Key" ? `$states.result.KeyCount > 0 and $states.result.Contents[0].Key = ${prefix}` : "$states.result.KeyCount > 0",
      };
    },
  };
}

export const s3KeyExists = kind("s3Key");
export const s3PrefixNotEmpty = kind("s3Prefix");
