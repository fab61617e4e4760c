/**
 * The CDKTF constructs over every example and both services: Testing matchers, references,
 * escaping, compile errors, values and the optional log bucket.
 */
import "../helpers/cdktf.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { DataPipelinePipeline, PipecCompileError, PipelineStack, StepFunctionsPipeline } from "../../compiler/emit/cdktf/index.ts";
import {
  CloudwatchLogGroup,
  CloudwatchMetricAlarm,
  DatapipelinePipeline,
  DatapipelinePipelineDefinition,
  IamRole,
  IamRolePolicy,
  S3Bucket,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  SchedulerSchedule,
  SfnStateMachine,
  SnsTopic,
  SqsQueue,
} from "../../compiler/emit/cdktf/resources.ts";
import { emitAsl } from "../../compiler/emit/asl/emit.ts";
import { unescapeTemplate } from "../../compiler/emit/terraform/escape.ts";
import type { PipecStacksConfig } from "../../compiler/emit/cdktf/index.ts";
import { compileFile, planPipeline } from "../../compiler/emit/terraform/pipeline.ts";
import { servicesFor } from "../../compiler/emit/terraform/stacks.ts";
import type { Json } from "../helpers/cdktf.ts";
import { evaluated, unescapedTemplates } from "../helpers/cdktf.ts";
import { EXAMPLE_RUNTIME } from "../helpers/runtime.ts";

const EXAMPLES = readdirSync("examples")
  .filter((f) => f.endsWith(".pipe"))
  .sort()
  .map((f) => join("examples", f));

/** The pipelines of every example that compiles. */
const pipelines = EXAMPLES.flatMap((file) => {
  const compiled = compileFile(file, readFileSync(file, "utf8"));
  return compiled.pipelines.map((p) => ({ file, pipeline: p }));
});

type Doc = { resource: Record<string, Record<string, Record<string, Json>>> };

function only<T = Record<string, Json>>(doc: Doc, type: string): T {
  const all = Object.values(doc.resource[type] ?? {});
  expect(all, type).toHaveLength(1);
  return all[0] as T;
}

describe("examples", () => {
  it("has examples and every one compiles to at least one pipeline", () => {
    expect(EXAMPLES.length).toBeGreaterThan(0);
    for (const file of EXAMPLES) expect(pipelines.some((p) => p.file === file), file).toBe(true);
  });
});

/** cdktf.json's choice of services per pipeline. */
const settings = (JSON.parse(readFileSync("cdktf.json", "utf8")) as { context: { pipec: PipecStacksConfig } }).context.pipec;

/** The wildcard justifications in docs/cdktf.md (one table row per statement id). */
const DOCS = readFileSync("docs/cdktf.md", "utf8");

describe.each(pipelines.map((p) => [`${p.file} ${p.pipeline.name}`, p] as const))("%s", (_, { file, pipeline }) => {
  const sfnErrors = planPipeline({ pipeline, service: "stepfunctions", id: "p", options: { runtime: EXAMPLE_RUNTIME } }).diagnostics.filter((d) => d.severity === "error");

  it.runIf(sfnErrors.length > 0)("as Step Functions: refused with file and line, and cdktf.json builds it for Data Pipeline only", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new StepFunctionsPipeline(scope, "p", { file, pipeline: pipeline.name, runtime: EXAMPLE_RUNTIME });
      }),
    ).toThrow(new RegExp(`${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: error PIPE52\\d\\d: `));
    expect(servicesFor(settings.services, pipeline.name)).toEqual(["datapipeline"]);
  });

  it("as Data Pipeline: a pipeline and a definition with Default, refs as ref_value", () => {
    const json = Testing.synthScope((scope) => {
      new DataPipelinePipeline(scope, "p", { file, pipeline: pipeline.name });
    });
    expect(json).toHaveResourceWithProperties(DatapipelinePipeline, { name: pipeline.name });
    expect(json).toHaveResourceWithProperties(DatapipelinePipelineDefinition, {
      pipeline_id: "${aws_datapipeline_pipeline.p.id}",
      pipeline_object: expect.arrayContaining([expect.objectContaining({ id: "Default", name: "Default" })]),
    });
    const doc = JSON.parse(json) as Doc;
    const def = only<{ pipeline_object: { id: string; field?: { key: string; ref_value?: string; string_value?: string }[] }[] }>(doc, "aws_datapipeline_pipeline_definition");
    // Every reference in the IR is a ref_value, never a string_value.
    for (const obj of [pipeline.defaults, ...pipeline.objects]) {
      const out = def.pipeline_object.find((o) => o.id === obj.id);
      expect(out, obj.id).toBeDefined();
      for (const f of obj.fields) {
        for (const v of f.values) {
          if (v.kind !== "ref") continue;
          expect(out?.field ?? [], `${obj.id}.${f.key}`).toContainEqual({ key: f.key, ref_value: v.id });
        }
      }
    }
    expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
  });

  it.runIf(sfnErrors.length === 0)("as Step Functions: state machine with logging, role, log group, topic, alarm and schedule", () => {
    const json = Testing.synthScope((scope) => {
      new StepFunctionsPipeline(scope, "p", { file, pipeline: pipeline.name, logRetentionDays: 90, runtime: EXAMPLE_RUNTIME });
    });
    expect(json).toHaveResourceWithProperties(SfnStateMachine, {
      name: pipeline.name,
      role_arn: "${aws_iam_role.p_role.arn}",
      logging_configuration: { level: "ERROR", include_execution_data: false, log_destination: "${aws_cloudwatch_log_group.p_logs.arn}:*" },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90, name: `/aws/vendedlogs/states/${pipeline.name}` });
    expect(json).toHaveResourceWithProperties(IamRole, { name: `${pipeline.name}-sfn` });
    // Trust: the service, on behalf of the deploying account only.
    const trust = JSON.parse(only<{ assume_role_policy: string }>({ resource: { r: { x: JSON.parse(json).resource.aws_iam_role.p_role } } } as Doc, "r").assume_role_policy) as {
      Statement: { Principal: unknown; Condition: unknown }[];
    };
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "states.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.p_account.account_id}" } } }),
    ]);
    expect(json).toHaveResourceWithProperties(IamRolePolicy, { role: "${aws_iam_role.p_role.id}" });
    expect(json).toHaveResource(SnsTopic);
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: "AWS/States",
      metric_name: "ExecutionsFailed",
      dimensions: { StateMachineArn: "${aws_sfn_state_machine.p.arn}" },
      alarm_actions: ["${aws_sns_topic.p_alarms.arn}"],
    });
    for (const metric of ["ExecutionsTimedOut", "ExecutionsAborted"]) {
      expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_name: metric, alarm_actions: ["${aws_sns_topic.p_alarms.arn}"] });
    }
    const doc = JSON.parse(json) as Doc;
    const sm = only<{ definition: string }>(doc, "aws_sfn_state_machine");
    const definition = unescapeTemplate(sm.definition);
    expect(definition, "the definition holds no live template").toBeDefined();
    expect(JSON.parse(definition as string)).toHaveProperty("States");
    if (emitAsl(pipeline, { runtime: EXAMPLE_RUNTIME["*"] }).schedule === undefined) {
      expect(json).not.toHaveResource(SchedulerSchedule);
    } else {
      expect(json).toHaveResourceWithProperties(SchedulerSchedule, {
        flexible_time_window: { mode: "OFF" },
        target: expect.objectContaining({ arn: "${aws_sfn_state_machine.p.arn}", role_arn: "${aws_iam_role.p_scheduler_role.arn}" }),
      });
      const policy = JSON.parse(only<{ policy: string }>({ resource: { x: { y: (doc.resource.aws_iam_role_policy ?? {}).p_scheduler_role_policy } } } as Doc, "x").policy) as { Statement: { Action: string; Resource: string }[] };
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Action: "states:StartExecution", Resource: "${aws_sfn_state_machine.p.arn}" }),
        expect.objectContaining({ Action: "sqs:SendMessage", Resource: "${aws_sqs_queue.p_schedule_dlq.arn}" }),
      ]);
      expect(json).toHaveResourceWithProperties(SqsQueue, { sqs_managed_sse_enabled: true });
      expect(json).toHaveResourceWithProperties(SchedulerSchedule, { target: expect.objectContaining({ dead_letter_config: { arn: "${aws_sqs_queue.p_schedule_dlq.arn}" } }) });
    }
    // Least privilege: every statement with a wildcard resource is one docs/cdktf.md justifies,
    // and every iam:PassRole names the service the role is passed to.
    const rolePolicy = JSON.parse(evaluated((doc.resource.aws_iam_role_policy.p_role_policy as { policy: string }).policy) as string) as {
      Statement: { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
    };
    for (const s of rolePolicy.Statement) {
      const resources = typeof s.Resource === "string" ? [s.Resource] : s.Resource;
      const actions = typeof s.Action === "string" ? [s.Action] : s.Action;
      expect(s.Sid, JSON.stringify(s)).toBeDefined();
      // The back end's region and account wildcards are pinned to the deploying account.
      for (const r of resources) expect(r, JSON.stringify(s)).not.toMatch(/^arn:aws:[a-z0-9-]+:\*:\*:/);
      if (resources.some((r) => r.includes("*"))) expect(DOCS, `docs/cdktf.md justifies ${s.Sid}`).toContain(`| \`${s.Sid}\` |`);
      if (actions.includes("iam:PassRole")) expect(s.Condition?.StringEquals?.["iam:PassedToService"], JSON.stringify(s)).toBeDefined();
    }
    expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
  });
});

const SHELL = `pipeline shell_escape {
  default { scheduleType = ondemand role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" }
  Ec2Resource Worker { instanceType = "m5.large" terminateAfter = 1 hour }
  ShellCommandActivity Copy {
    runsOn = Worker
    command = "cp \${INPUT1_STAGING_DIR}/a %{not_a_directive} \${OUTPUT1_STAGING_DIR}/b"
  }
}
`;

describe("escaping", () => {
  it("a ShellCommandActivity's ${INPUT1_STAGING_DIR} is $${INPUT1_STAGING_DIR} in the Terraform JSON", () => {
    const json = Testing.synthScope((scope) => {
      new DataPipelinePipeline(scope, "p", { source: SHELL, file: "shell.pipe" });
    });
    const doc = JSON.parse(json) as Doc;
    const def = only<{ pipeline_object: { id: string; field: { key: string; string_value?: string }[] }[] }>(doc, "aws_datapipeline_pipeline_definition");
    const command = def.pipeline_object.find((o) => o.id === "Copy")?.field.find((f) => f.key === "command")?.string_value;
    expect(command).toBe("cp $${INPUT1_STAGING_DIR}/a %%{not_a_directive} $${OUTPUT1_STAGING_DIR}/b");
    // What Terraform sends to AWS after its own template evaluation:
    expect(unescapeTemplate(command as string)).toBe("cp ${INPUT1_STAGING_DIR}/a %{not_a_directive} ${OUTPUT1_STAGING_DIR}/b");
    expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
  });

  it("the state machine definition keeps shell variables unchanged after Terraform's evaluation", () => {
    const json = Testing.synthScope((scope) => {
      new StepFunctionsPipeline(scope, "p", { source: SHELL, file: "shell.pipe", runtime: EXAMPLE_RUNTIME });
    });
    const doc = JSON.parse(json) as Doc;
    expect(unescapedTemplates(doc as unknown as Json)).toEqual([]);
    const definition = unescapeTemplate(only<{ definition: string }>(doc, "aws_sfn_state_machine").definition) as string;
    expect(definition).toContain("${INPUT1_STAGING_DIR}");
    expect(definition).not.toContain("$${INPUT1_STAGING_DIR}");
  });
});

describe("compile errors", () => {
  it("fail the synth with file, line and column", () => {
    const bad = "pipeline broken {\n  default { scheduleType = ondemand }\n  ShellCommandActivity A { command = \"x\" \n}\n";
    let error: unknown;
    try {
      Testing.synthScope((scope) => {
        new StepFunctionsPipeline(scope, "p", { source: bad, file: "pipelines/broken.pipe" });
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipecCompileError);
    expect((error as Error).message).toMatch(/pipelines\/broken\.pipe:\d+:\d+: error PIPE\d{4}: /);
  });

  it("name the pipeline when the file has none of that name", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new DataPipelinePipeline(scope, "p", { source: SHELL, file: "shell.pipe", pipeline: "other" });
      }),
    ).toThrow(/shell\.pipe:1:1: error PIPE5305: the file declares no pipeline 'other'/);
  });
});

describe("options", () => {
  it("values become parameter values and the environment is part of the names", () => {
    const src = `pipeline with_params {
  param myBucket: String = "default-bucket"
  default { scheduleType = ondemand role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" }
  S3DataNode Out { directoryPath = "s3://#<myBucket>/out" }
}
`;
    const json = Testing.synthScope((scope) => {
      new DataPipelinePipeline(scope, "p", { source: src, file: "p.pipe", environment: "prod", values: { myBucket: "prod-bucket" }, tags: { env: "prod" } });
    });
    expect(json).toHaveResourceWithProperties(DatapipelinePipeline, { name: "with_params-prod", tags: { env: "prod" } });
    expect(json).toHaveResourceWithProperties(DatapipelinePipelineDefinition, { parameter_value: [{ id: "myBucket", string_value: "prod-bucket" }] });
  });

  it("a log bucket is encrypted and blocks public access", () => {
    const json = Testing.synthScope((scope) => {
      new DataPipelinePipeline(scope, "p", { source: SHELL, file: "shell.pipe", logBucket: true });
    });
    expect(json).toHaveResource(S3Bucket);
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: "${aws_s3_bucket.p_logs.id}",
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: true }],
    });
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: "${aws_s3_bucket.p_logs.id}",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(DatapipelinePipelineDefinition, {
      pipeline_object: expect.arrayContaining([
        expect.objectContaining({ id: "Default", field: expect.arrayContaining([{ key: "pipelineLogUri", string_value: "s3://${aws_s3_bucket.p_logs.bucket}/logs/" }]) }),
      ]),
    });
  });

  it("an existing alarm topic replaces the created one", () => {
    const json = Testing.synthScope((scope) => {
      new StepFunctionsPipeline(scope, "p", { source: SHELL, file: "shell.pipe", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops", runtime: EXAMPLE_RUNTIME });
    });
    expect(json).not.toHaveResource(SnsTopic);
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_actions: ["arn:aws:sns:us-east-1:123456789012:ops"] });
  });

  it("grants sns:Publish on the alarm topic the environment (else the default) names", () => {
    const src = (topic: string): string => `pipeline alarms {
  param myTopic: String = "arn:aws:sns:us-east-1:111111111111:default-alarms"
  default { scheduleType = ondemand role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" onFail = Alarm }
  Ec2Resource W { instanceType = "t3.micro" terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = W command = "true" }
  SnsAlarm Alarm { topicArn = "${topic}" subject = "failed" message = "failed" }
}
`;
    const policyOf = (topic: string, values?: Record<string, string>): { Sid: string; Resource: string | string[] }[] => {
      const json = Testing.synthScope((scope) => {
        new StepFunctionsPipeline(scope, "p", { source: src(topic), file: "alarms.pipe", values, runtime: EXAMPLE_RUNTIME });
      });
      const doc = JSON.parse(json) as Doc;
      return (JSON.parse((doc.resource.aws_iam_role_policy.p_role_policy as { policy: string }).policy) as { Statement: { Sid: string; Resource: string | string[] }[] }).Statement;
    };
    const sns = (statements: { Sid: string; Resource: string | string[] }[]): string | string[] | undefined => statements.find((x) => x.Sid === "SnsPublish")?.Resource;
    // The environment's value is compiled into the machine in place of the default.
    expect([sns(policyOf("#<myTopic>", { myTopic: "arn:aws:sns:us-east-1:111111111111:prod-alarms" }))].flat()).toEqual(["arn:aws:sns:us-east-1:111111111111:prod-alarms"]);
    expect(sns(policyOf("#<myTopic>"))).toBe("arn:aws:sns:us-east-1:111111111111:default-alarms");
    expect(sns(policyOf("#<myTopic>-#<node.name>"))).toBe("*");
  });
});

describe("run-time settings", () => {
  const synthSfn = (props: Partial<ConstructorParameters<typeof StepFunctionsPipeline>[2]>): Doc =>
    JSON.parse(
      Testing.synthScope((scope) => {
        new StepFunctionsPipeline(scope, "p", { source: SHELL, file: "shell.pipe", ...props });
      }),
    ) as Doc;
  const initRuntime = (doc: Doc): string => {
    const def = JSON.parse(unescapeTemplate(only<{ definition: string }>(doc, "aws_sfn_state_machine").definition) as string) as { States: { Init: { Assign: { runtime: string } } } };
    return def.States.Init.Assign.runtime;
  };

  it("a machine that would lack a setting it needs fails the synth, naming the setting (PIPE5212)", () => {
    let error: unknown;
    try {
      synthSfn({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipecCompileError);
    expect((error as Error).message).toMatch(/shell\.pipe:\d+:\d+: error PIPE5212: run-time settings? .*'ecsCluster'/);
    const missing = (error as PipecCompileError).diagnostics.find((d) => d.code === "PIPE5212");
    expect(missing?.severity).toBe("error");
    // One lacking setting is named on its own.
    const { subnets: _subnets, ...rest } = EXAMPLE_RUNTIME["*"] as Record<string, unknown>;
    expect(() => synthSfn({ runtime: rest })).toThrow(/error PIPE5212: run-time setting 'subnets'/);
  });

  it("takes the settings themselves, or per environment (the environment's over *)", () => {
    expect(initRuntime(synthSfn({ runtime: EXAMPLE_RUNTIME["*"] }))).toContain("cluster/pipec-examples");
    expect(initRuntime(synthSfn({ runtime: EXAMPLE_RUNTIME }))).toContain("cluster/pipec-examples");
    const prod = initRuntime(synthSfn({ runtime: EXAMPLE_RUNTIME, environment: "prod" }));
    expect(prod).toContain("cluster/pipec-prod");
    expect(prod).toContain('"shellTaskDefinition":"pipec-shell:4"');
    expect(prod).toContain('"shellContainer":"shell"');
  });

  it("a PipelineStack takes them per environment too", () => {
    const app = Testing.app() as App;
    const stack = new PipelineStack(app, "shell_escape-stepfunctions-prod", {
      service: "stepfunctions",
      file: "shell.pipe",
      source: SHELL,
      pipeline: "shell_escape",
      environment: { name: "prod", file: undefined, values: undefined },
      stepfunctions: { runtime: EXAMPLE_RUNTIME },
    });
    expect(initRuntime(JSON.parse(Testing.synth(stack)) as Doc)).toContain("cluster/pipec-prod");
  });

  it("bad settings fail the synth (PIPE9005) with the nearest key", () => {
    let error: unknown;
    try {
      synthSfn({ runtime: { ...(EXAMPLE_RUNTIME["*"] as Record<string, unknown>), ecsClustr: "etl", subnets: "subnet-0123456789abcdef0" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipecCompileError);
    const found = (error as PipecCompileError).diagnostics.filter((d) => d.code === "PIPE9005");
    expect(found.map((d) => d.message)).toEqual([
      "'runtime.subnets' must be a list of subnet ids (subnet-...); got 'subnet-0123456789abcdef0', not a list of strings",
      "unknown run-time setting 'runtime.ecsClustr'",
    ]);
    expect(found[1]?.hint).toBe("did you mean `ecsCluster`?");
  });

  it("the environment's values are compiled into the machine, and the schedule's input keeps only the scheduled time", () => {
    const src = `pipeline valued {
  param myBucket: String = "default-bucket"
  default { scheduleType = cron schedule = Daily role = "DataPipelineDefaultRole" resourceRole = "DataPipelineDefaultResourceRole" }
  Schedule Daily { period = 1 day startDateTime = 2026-01-01T02:00:00 }
  Ec2Resource W { instanceType = "t3.micro" terminateAfter = 1 hour }
  ShellCommandActivity A { runsOn = W command = "aws s3 ls s3://#<myBucket>/" }
}
`;
    const doc = JSON.parse(
      Testing.synthScope((scope) => {
        new StepFunctionsPipeline(scope, "p", { source: src, file: "valued.pipe", environment: "prod", values: { myBucket: "prod-bucket" }, runtime: EXAMPLE_RUNTIME });
      }),
    ) as Doc;
    const def = JSON.parse(unescapeTemplate(only<{ definition: string }>(doc, "aws_sfn_state_machine").definition) as string) as { States: { Init: { Assign: { params: string } } } };
    expect(def.States.Init.Assign.params).toContain('"myBucket":"prod-bucket"');
    expect(def.States.Init.Assign.params).not.toContain("default-bucket");
    const schedule = only<{ target: { input: string } | { input: string }[] }>(doc, "aws_scheduler_schedule");
    const target = Array.isArray(schedule.target) ? schedule.target[0]! : schedule.target;
    const input = JSON.parse(unescapeTemplate(target.input) as string) as Record<string, unknown>;
    expect(input).not.toHaveProperty("parameters");
    expect(input.scheduledTime).toBe("<aws.scheduler.scheduled-time>");
  });
});
