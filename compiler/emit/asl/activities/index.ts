/** The Step Functions form of each Data Pipeline activity type, one file per kind. */
import type { ActivityKind } from "./kind.ts";
import { copyActivity } from "./copy-activity.ts";
import { emrActivity, hadoopActivity } from "./emr-activity.ts";
import { hiveActivity, pigActivity } from "./hive-pig-activity.ts";
import { redshiftCopyActivity } from "./redshift-copy-activity.ts";
import { shellCommandActivity } from "./shell-command-activity.ts";
import { sqlActivity } from "./sql-activity.ts";

export type { ActivityKind } from "./kind.ts";

export const ACTIVITIES: ReadonlyMap<string, ActivityKind> = new Map<string, ActivityKind>([
  ["CopyActivity", copyActivity],
  ["EmrActivity", emrActivity],
  ["HadoopActivity", hadoopActivity],
  ["HiveActivity", hiveActivity],
  ["PigActivity", pigActivity],
  ["RedshiftCopyActivity", redshiftCopyActivity],
  ["ShellCommandActivity", shellCommandActivity],
  ["SqlActivity", sqlActivity],
]);

/** Activity types of Data Pipeline that have no Step Functions form (reported by name). */
export const ACTIVITY_TYPES = new Set([...ACTIVITIES.keys(), "HiveCopyActivity"]);
