/** DynamoDBTableExists (`DescribeTable`: ACTIVE) and DynamoDBDataExists (`Scan` with Limit 1: a row). */
import type { AslContext } from "../context.ts";
import type { PreconditionKind } from "./kind.ts";

function allow(ctx: AslContext, action: string, table: string | undefined): void {
  ctx.allow("DynamoDbPreconditions", [action], [table ? `arn:aws:dynamodb:*:*:table/${table}` : "arn:aws:dynamodb:*:*:table/*"]);
}

export const dynamoDbTableExists: PreconditionKind = {
  check(ctx, pre, s) {
    const table = ctx.fieldValue(pre, "tableName", s);
    if (!table) return undefined;
    allow(ctx, "dynamodb:DescribeTable", table.startsWith("{%") ? undefined : table);
    return { task: { Resource: "arn:aws:states:::aws-sdk:dynamodb:describeTable", Arguments: { TableName: table } }, ok: "$states.result.Table.TableStatus = 'ACTIVE'" };
  },
};

export const dynamoDbDataExists: PreconditionKind = {
  check(ctx, pre, s) {
    const table = ctx.fieldValue(pre, "tableName", s);
    if (!table) return undefined;
    allow(ctx, "dynamodb:Scan", table.startsWith("{%") ? undefined : table);
    return { task: { Resource: "arn:aws:states:::aws-sdk:dynamodb:scan", Arguments: { TableName: table, Limit: 1 } }, ok: "$states.result.Count > 0" };
  },
};
