/**
 * A deterministic generator of realistic `.pipe` sources for the benchmarks.
 *
 * `generate({ objects, seed })` returns one file declaring exactly `objects` objects (the
 * implicit Default objects not counted). Two shapes:
 *
 *   estate  (default) pipelines of at most 99 objects each (100 with Default: the account's
 *           default quota), as a large estate keeps them; the file checks clean.
 *   single  one pipeline holding every object: the stress case for anything that grows with
 *           the size of one pipeline (it checks clean except for the PIPE4006 quota warning).
 *
 * Every pipeline has parameters (a secret among them), a default block, schedules, EC2 and EMR
 * resources, a Redshift database, SNS alarms, and flows of work: a precondition guarding an
 * S3 input, a chain of activities (shell commands, copies, SQL, Hive), a fan-out of parallel
 * activities that a join waits for, and `#<...>` expressions inside strings. The same options
 * give the same bytes on every machine.
 */

export type Shape = "estate" | "single";

export interface GenerateOptions {
  /** Objects to declare (not counting the Default objects). */
  readonly objects: number;
  readonly seed?: number;
  readonly shape?: Shape;
}

/** Objects per pipeline in the estate shape (plus Default: the default quota of 100). */
export const OBJECTS_PER_PIPELINE = 99;

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  readonly lines: string[] = [];
  objects = 0;
  line(s = ""): void {
    this.lines.push(s);
  }
  object(type: string, id: string, fields: readonly string[]): void {
    this.objects++;
    this.line(`  ${type} ${id} {`);
    for (const f of fields) this.line(`    ${f}`);
    this.line("  }");
    this.line();
  }
}

const INSTANCE_TYPES = ["m5.large", "m5.xlarge", "c5.large", "r5.large", "t3.medium"];
const DATE_FORMATS = ["YYYY-MM-dd", "YYYY/MM/dd", "YYYY/MM/dd/HH"];
const SHELL_COMMANDS = [
  "aws s3 sync ${INPUT1_STAGING_DIR} ${OUTPUT1_STAGING_DIR} --only-show-errors",
  "python3 /opt/jobs/transform.py --in ${INPUT1_STAGING_DIR} --out ${OUTPUT1_STAGING_DIR}",
  "gzip -dc ${INPUT1_STAGING_DIR}/*.gz | sort -u | gzip > ${OUTPUT1_STAGING_DIR}/part.gz",
];

/** Fixed header objects of every pipeline. Returns the names later objects refer to. */
interface Shared {
  readonly workers: string[];
  cluster: boolean;
  database: boolean;
}

function header(w: Writer, pipelineIndex: number, objects: number, r: () => number): void {
  const p = pipelineIndex;
  w.line(`pipeline estate_${String(p).padStart(5, "0")} {`);
  w.line(`  description = "Generated pipeline ${p}: guarded S3 inputs, chains and fans of activities, SNS alarms"`);
  w.line(`  tags = { team: "team-${p % 17}", costCenter: "cc-${p % 5}" }`);
  w.line();
  w.line(`  param myInputS3Loc: S3Key = "s3://bench-input-${p % 13}/p${p}"`);
  w.line(`  param myOutputS3Loc: S3Key = "s3://bench-output-${p % 11}/p${p}"`);
  w.line(`  param myTopicArn: String = "arn:aws:sns:us-east-1:123456789012:pipeline-${p}"`);
  w.line(`  param myRetries: Integer = ${1 + (p % 3)}`);
  w.line(`  param myClusterId: String = "warehouse-${p % 7}"`);
  w.line(`  param *myDbPassword: String { description = "Password of the warehouse loader" }`);
  w.line();
  w.line("  default {");
  w.line("    scheduleType = cron");
  w.line("    schedule = Daily");
  w.line("    failureAndRerunMode = cascade");
  w.line('    role = "DataPipelineDefaultRole"');
  w.line('    resourceRole = "DataPipelineDefaultResourceRole"');
  w.line('    pipelineLogUri = "#<myOutputS3Loc>/logs/"');
  w.line(`    maximumRetries = ${1 + Math.floor(r() * 3)}`);
  w.line("    retryDelay = 10 minutes");
  if (objects >= 2) w.line("    onFail = NotifyFailure");
  w.line("  }");
  w.line();
}

/** The fixed objects of a pipeline, in the order they are declared (each counts as one). */
function fixedObjects(w: Writer, r: () => number, budget: number): Shared {
  const shared: Shared = { workers: [], cluster: false, database: false };
  const hour = Math.floor(r() * 24);
  const emit: (() => void)[] = [
    () => w.object("Schedule", "Daily", ["period = 1 day", `startDateTime = 2026-01-01T${String(hour).padStart(2, "0")}:00:00`]),
    () =>
      w.object("SnsAlarm", "NotifyFailure", [
        'topicArn = "#<myTopicArn>"',
        'subject = "#<node.name> failed"',
        "message = \"#<node.name> failed for #<format(node.@scheduledStartTime, 'YYYY-MM-dd')>: #<node.errorMessage>\"",
      ]),
    () => w.object("SnsAlarm", "NotifySuccess", ['topicArn = "#<myTopicArn>"', 'subject = "#<node.name> finished"', 'message = "Finished at #<node.@actualEndTime>"']),
    () => {
      shared.workers.push("Worker1");
      w.object("Ec2Resource", "Worker1", [`instanceType = "${INSTANCE_TYPES[Math.floor(r() * INSTANCE_TYPES.length)]}"`, `terminateAfter = ${1 + Math.floor(r() * 4)} hours`, "actionOnTaskFailure = terminate"]);
    },
    () => {
      shared.workers.push("Worker2");
      w.object("Ec2Resource", "Worker2", [`instanceType = "${INSTANCE_TYPES[Math.floor(r() * INSTANCE_TYPES.length)]}"`, "terminateAfter = 90 minutes"]);
    },
    () => {
      shared.cluster = true;
      w.object("EmrCluster", "Cluster", [
        'releaseLabel = "emr-5.36.0"',
        'applications = ["hive"]',
        'masterInstanceType = "m5.xlarge"',
        'coreInstanceType = "m5.xlarge"',
        `coreInstanceCount = ${1 + Math.floor(r() * 4)}`,
        "terminateAfter = 4 hours",
      ]);
    },
    () => {
      shared.database = true;
      w.object("RedshiftDatabase", "Warehouse", ['clusterId = "#<myClusterId>"', 'databaseName = "warehouse"', 'username = "loader"', '*password = "#<*myDbPassword>"']);
    },
  ];
  for (let i = 0; i < emit.length && i < budget; i++) emit[i]();
  return shared;
}

/** One flow of work; declares at most `budget` objects. */
function flow(w: Writer, r: () => number, f: number, shared: Shared, budget: number): void {
  let left = budget;
  const take = (): boolean => left-- > 0;
  const fmt = DATE_FORMATS[Math.floor(r() * DATE_FORMATS.length)];
  const worker = (): string => (shared.workers.length > 0 ? shared.workers[Math.floor(r() * shared.workers.length)] : "");
  const runsOn = (): string[] => (shared.workers.length > 0 ? [`runsOn = ${worker()}`] : ['workerGroup = "bench-workers"']);
  const hasCluster = shared.cluster;
  const hasDatabase = shared.database;

  if (!take()) return;
  w.object("S3KeyExists", `Ready${f}`, [`s3Key = "#<myInputS3Loc>/f${f}/#<format(@scheduledStartTime, '${fmt}')>/_SUCCESS"`, "preconditionTimeout = 2 hours"]);
  if (!take()) return;
  w.object("S3DataNode", `Input${f}`, [`directoryPath = "#<myInputS3Loc>/f${f}/#<format(@scheduledStartTime, '${fmt}')>/"`, `precondition = Ready${f}`]);
  if (!take()) return;
  w.object("S3DataNode", `Output${f}`, [`directoryPath = "#<myOutputS3Loc>/f${f}/dt=#<format(minusDays(@scheduledStartTime, 1), 'YYYY-MM-dd')>/"`]);

  // A chain: each step depends on the previous one.
  const chain = 1 + Math.floor(r() * 4);
  let previous: string | undefined;
  for (let s = 1; s <= chain; s++) {
    if (!take()) return;
    const id = `Step${f}x${s}`;
    const kind = r();
    const after = previous ? [`dependsOn = ${previous}`] : [];
    if (s === 1) {
      w.object("ShellCommandActivity", id, [...runsOn(), `input = Input${f}`, `output = Output${f}`, "stage = true", `command = "${SHELL_COMMANDS[Math.floor(r() * SHELL_COMMANDS.length)]}"`, 'maximumRetries = "#<myRetries>"']);
    } else if (kind < 0.3 && hasDatabase) {
      w.object("SqlActivity", id, [
        ...runsOn(),
        "database = Warehouse",
        ...after,
        "attemptTimeout = 1 hour",
        'script = """',
        "  begin;",
        `  delete from mart.facts_${f} where day = '#<format(@scheduledStartTime, 'YYYY-MM-dd')>';`,
        `  insert into mart.facts_${f} select * from staging.facts_${f};`,
        "  commit;",
        '  """',
      ]);
    } else if (kind < 0.5 && hasCluster) {
      w.object("HiveActivity", id, ["runsOn = Cluster", `input = Input${f}`, `output = Output${f}`, ...after, 'hiveScript = "INSERT OVERWRITE TABLE ${output1} SELECT * FROM ${input1};"']);
    } else {
      w.object("ShellCommandActivity", id, [...runsOn(), ...after, `command = "echo step ${s} of flow ${f} for #<@scheduledStartTime> >> /tmp/flow${f}.log"`]);
    }
    previous = id;
  }

  // A fan: parallel activities after the chain, and a join that waits for all of them.
  const fan = Math.floor(r() * 4);
  const branches: string[] = [];
  for (let b = 1; b <= fan; b++) {
    if (!take()) return;
    const id = `Fan${f}x${b}`;
    w.object("ShellCommandActivity", id, [...runsOn(), `dependsOn = ${previous}`, `command = "python3 /opt/jobs/partition.py --part ${b} --of ${fan} --day #<format(@scheduledStartTime, 'YYYY-MM-dd')>"`]);
    branches.push(id);
  }
  if (branches.length > 1) {
    if (!take()) return;
    w.object("ShellCommandActivity", `Join${f}`, [...runsOn(), `dependsOn = [${branches.join(", ")}]`, 'command = "echo joined"', "onSuccess = NotifySuccess"]);
  }
}

function pipeline(w: Writer, p: number, objects: number, r: () => number): void {
  const start = w.objects;
  header(w, p, objects, r);
  const shared = fixedObjects(w, r, objects);
  for (let f = 1; w.objects - start < objects; f++) flow(w, r, f, shared, objects - (w.objects - start));
  // Drop the blank line after the last object.
  if (w.lines[w.lines.length - 1] === "") w.lines.pop();
  w.line("}");
}

/** A `.pipe` source declaring exactly `objects` objects. */
export function generate(options: GenerateOptions): string {
  const r = rng(options.seed ?? 1);
  const w = new Writer();
  w.line("// Generated by bench/generate.ts: a deterministic benchmark input.");
  const per = options.shape === "single" ? Math.max(1, options.objects) : OBJECTS_PER_PIPELINE;
  let p = 1;
  for (let left = options.objects; left > 0; p++) {
    if (p > 1) w.line();
    const n = Math.min(per, left);
    pipeline(w, p, n, r);
    left -= n;
  }
  return `${w.lines.join("\n")}\n`;
}

/** Counts the objects a generated source declares (for tests and reports). */
export function countObjects(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) if (/^ {2}[A-Z][A-Za-z0-9]* [A-Za-z_][A-Za-z0-9_]* \{$/.test(line)) n++;
  return n;
}
