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

/** Pipelines this small are a schedule, an alarm and a chain of shell commands. */
const FULL_MIN = 12;

function header(w: Writer, p: number, full: boolean, objects: number, r: () => number): void {
  w.line(`pipeline estate_${String(p).padStart(5, "0")} {`);
  w.line(`  description = "Generated pipeline ${p}: guarded S3 inputs, chains and fans of activities, SNS alarms"`);
  w.line(`  tags = { team: "team-${p % 17}", costCenter: "cc-${p % 5}" }`);
  w.line();
  if (full) w.line(`  param myInputS3Loc: S3Key = "s3://bench-input-${p % 13}/p${p}"`);
  w.line(`  param myOutputS3Loc: S3Key = "s3://bench-output-${p % 11}/p${p}"`);
  if (objects >= 3) w.line(`  param myTopicArn: String = "arn:aws:sns:us-east-1:123456789012:pipeline-${p}"`);
  if (full) {
    w.line(`  param myRetries: Integer = ${1 + (p % 3)}`);
    w.line(`  param myClusterId: String = "warehouse-${p % 7}"`);
    w.line(`  param *myDbPassword: String { description = "Password of the warehouse loader" }`);
  }
  w.line();
  w.line("  default {");
  // One object: an on-demand activity (a schedule alone would be referred to by nothing).
  if (objects === 1) w.line("    scheduleType = ondemand");
  else {
    w.line("    scheduleType = cron");
    w.line("    schedule = Daily");
  }
  w.line("    failureAndRerunMode = cascade");
  w.line('    role = "DataPipelineDefaultRole"');
  w.line('    resourceRole = "DataPipelineDefaultResourceRole"');
  w.line('    pipelineLogUri = "#<myOutputS3Loc>/logs/"');
  w.line(`    maximumRetries = ${1 + Math.floor(r() * 3)}`);
  w.line("    retryDelay = 10 minutes");
  w.line("    attemptTimeout = 3 hours");
  if (objects >= 3) w.line("    onFail = NotifyFailure");
  w.line("  }");
  w.line();
}

function schedule(w: Writer, r: () => number): void {
  w.object("Schedule", "Daily", ["period = 1 day", "startAt = FIRST_ACTIVATION_DATE_TIME", `occurrences = ${100 + Math.floor(r() * 900)}`]);
}

function notifyFailure(w: Writer): void {
  w.object("SnsAlarm", "NotifyFailure", [
    'topicArn = "#<myTopicArn>"',
    'subject = "#<node.name> failed"',
    "message = \"#<node.name> failed for #<format(node.@scheduledStartTime, 'YYYY-MM-dd')>: #<node.errorMessage>\"",
  ]);
}

/** The shared objects of a full pipeline: every one is referred to by the first flow. */
function sharedObjects(w: Writer, r: () => number): void {
  schedule(w, r);
  notifyFailure(w);
  w.object("SnsAlarm", "NotifySuccess", ['topicArn = "#<myTopicArn>"', 'subject = "#<node.name> finished"', 'message = "Finished at #<node.@actualEndTime>"']);
  w.object("Ec2Resource", "Worker", [`instanceType = "${INSTANCE_TYPES[Math.floor(r() * INSTANCE_TYPES.length)]}"`, `terminateAfter = ${1 + Math.floor(r() * 4)} hours`, "actionOnTaskFailure = terminate"]);
  w.object("EmrCluster", "Cluster", [
    'releaseLabel = "emr-5.36.0"',
    'applications = ["hive"]',
    'masterInstanceType = "m5.xlarge"',
    'coreInstanceType = "m5.xlarge"',
    `coreInstanceCount = ${1 + Math.floor(r() * 4)}`,
    "terminateAfter = 4 hours",
  ]);
  w.object("RedshiftDatabase", "Warehouse", ['clusterId = "#<myClusterId>"', 'databaseName = "warehouse"', 'username = "loader"', '*password = "#<*myDbPassword>"']);
}

type StepKind = "shell" | "hive" | "sql";

/**
 * One flow of `size` (>= 4) objects: a precondition guarding an S3 input, an output, a chain of
 * activities, then a fan of parallel activities that a join waits for. `first` forces a chain
 * of a shell command, a Hive script and an SQL script (so that every shared object is used).
 */
function flow(w: Writer, r: () => number, f: number, size: number, first: boolean): void {
  const fmt = DATE_FORMATS[Math.floor(r() * DATE_FORMATS.length)];
  w.object("S3KeyExists", `Ready${f}`, [`s3Key = "#<myInputS3Loc>/f${f}/#<format(@scheduledStartTime, '${fmt}')>/_SUCCESS"`, "preconditionTimeout = 2 hours"]);
  w.object("S3DataNode", `Input${f}`, [`directoryPath = "#<myInputS3Loc>/f${f}/#<format(@scheduledStartTime, '${fmt}')>/"`, `precondition = Ready${f}`]);
  w.object("S3DataNode", `Output${f}`, [`directoryPath = "#<myOutputS3Loc>/f${f}/dt=#<format(minusDays(@scheduledStartTime, 1), 'YYYY-MM-dd')>/"`]);

  // Objects after the first step: chain steps, then fan branches (and a join for 2+ branches).
  const extra = size - 4;
  let chain = first ? 2 : Math.min(extra, Math.floor(r() * 4));
  let fans = extra - chain;
  if (fans === 1) {
    chain++;
    fans = 0;
  }
  const branches = fans >= 3 ? fans - 1 : fans;

  const kinds: StepKind[] = ["shell"];
  for (let s = 0; s < chain; s++) kinds.push(first ? (s === 0 ? "hive" : "sql") : (["shell", "hive", "sql"] as const)[Math.floor(r() * 3)]);
  let previous: string | undefined;
  kinds.forEach((kind, i) => {
    const id = `Step${f}x${i + 1}`;
    const after = previous ? [`dependsOn = ${previous}`] : [];
    if (i === 0) {
      w.object("ShellCommandActivity", id, [
        "runsOn = Worker",
        `input = Input${f}`,
        `output = Output${f}`,
        "stage = true",
        `command = "${SHELL_COMMANDS[Math.floor(r() * SHELL_COMMANDS.length)]}"`,
        'maximumRetries = "#<myRetries>"',
        "onSuccess = NotifySuccess",
      ]);
    } else if (kind === "sql") {
      w.object("SqlActivity", id, [
        "runsOn = Worker",
        "database = Warehouse",
        ...after,
        'script = """',
        "  begin;",
        `  delete from mart.facts_${f} where day = '#<format(@scheduledStartTime, 'YYYY-MM-dd')>';`,
        `  insert into mart.facts_${f} select * from staging.facts_${f};`,
        "  commit;",
        '  """',
      ]);
    } else if (kind === "hive") {
      w.object("HiveActivity", id, ["runsOn = Cluster", `input = Input${f}`, `output = Output${f}`, ...after, 'hiveScript = "INSERT OVERWRITE TABLE ${output1} SELECT * FROM ${input1};"']);
    } else {
      w.object("ShellCommandActivity", id, ["runsOn = Worker", ...after, `command = "echo step ${i + 1} of flow ${f} for #<@scheduledStartTime> >> /tmp/flow${f}.log"`]);
    }
    previous = id;
  });

  const ids: string[] = [];
  for (let b = 1; b <= branches; b++) {
    const id = `Fan${f}x${b}`;
    w.object("ShellCommandActivity", id, ["runsOn = Worker", `dependsOn = ${previous}`, `command = "python3 /opt/jobs/partition.py --part ${b} --of ${branches} --day #<format(@scheduledStartTime, 'YYYY-MM-dd')>"`]);
    ids.push(id);
  }
  if (fans >= 3) w.object("ShellCommandActivity", `Join${f}`, ["runsOn = Worker", `dependsOn = [${ids.join(", ")}]`, 'command = "echo joined"']);
}

/** Sizes (each >= 4) of the flows after the first that add up to `left`. */
function flowSizes(left: number, r: () => number): number[] {
  const out: number[] = [];
  while (left > 0) {
    let size = Math.min(left, 4 + Math.floor(r() * 8));
    const rest = left - size;
    if (rest > 0 && rest < 4) size = left <= 11 ? left : left - 4;
    out.push(size);
    left -= size;
  }
  return out;
}

function pipeline(w: Writer, p: number, objects: number, r: () => number): void {
  const full = objects >= FULL_MIN;
  header(w, p, full, objects, r);
  if (full) {
    sharedObjects(w, r);
    // The first flow takes what is too little for a flow of its own (fewer than 4 objects).
    const rest = objects - FULL_MIN;
    flow(w, r, 1, rest < 4 ? 6 + rest : 6, true);
    if (rest >= 4) flowSizes(rest, r).forEach((size, i) => flow(w, r, i + 2, size, false));
  } else {
    if (objects >= 2) schedule(w, r);
    if (objects >= 3) notifyFailure(w);
    const tasks = objects === 1 ? 1 : objects === 2 ? 1 : objects - 2;
    for (let s = 1; s <= tasks; s++) {
      w.object("ShellCommandActivity", `Task${s}`, ['workerGroup = "bench-workers"', ...(s > 1 ? [`dependsOn = Task${s - 1}`] : []), `command = "echo task ${s} for #<@scheduledStartTime>"`]);
    }
  }
  // Drop the blank line after the last object.
  if (w.lines[w.lines.length - 1] === "") w.lines.pop();
  w.line("}");
}

/** A `.pipe` source declaring exactly `objects` objects. */
export function generate(options: GenerateOptions): string {
  const r = rng(options.seed ?? 1);
  const w = new Writer();
  w.line("// Generated by bench/generate.ts: a deterministic benchmark input.");
  pipelineSizes(options.objects, options.shape ?? "estate").forEach((n, i) => {
    if (i > 0) w.line();
    pipeline(w, i + 1, n, r);
  });
  return `${w.lines.join("\n")}\n`;
}

/**
 * Objects per pipeline. In an estate, a remainder of 1 or 2 objects (too few for a pipeline
 * with an alarm) is evened out with the pipeline before it.
 */
export function pipelineSizes(objects: number, shape: Shape): number[] {
  if (objects <= 0) return [];
  if (shape === "single") return [objects];
  const sizes: number[] = [];
  for (let left = objects; left > 0; left -= Math.min(OBJECTS_PER_PIPELINE, left)) sizes.push(Math.min(OBJECTS_PER_PIPELINE, left));
  const last = sizes.length - 1;
  if (last > 0 && sizes[last] < 3) {
    const both = sizes[last - 1] + sizes[last];
    sizes[last - 1] = Math.ceil(both / 2);
    sizes[last] = Math.floor(both / 2);
  }
  return sizes;
}

/** Counts the objects a generated source declares (for tests and reports). */
export function countObjects(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) if (/^ {2}[A-Z][A-Za-z0-9]* [A-Za-z_][A-Za-z0-9_]* \{$/.test(line)) n++;
  return n;
}
