/**
 * Every rule. Validation rules (2xxx names and references, 3xxx types,
 * expressions and schedules, 4xxx graph and limits) and lint rules (6xxx) share this list and
 * the `Rule` shape; adding a rule is one file in rules/, one fixture and one line here.
 */
import type { Rule } from "./rule.ts";
import { rule as copyActivityFormats } from "./rules/copy-activity-formats.ts";
import { rule as dependencyCycle } from "./rules/dependency-cycle.ts";
import { rule as duplicateField } from "./rules/duplicate-field.ts";
import { rule as duplicateId } from "./rules/duplicate-id.ts";
import { rule as duplicateParameter } from "./rules/duplicate-parameter.ts";
import { rule as emptyValue } from "./rules/empty-value.ts";
import { rule as emrRelease } from "./rules/emr-release.ts";
import { rule as existsOnDynamodb } from "./rules/exists-on-dynamodb.ts";
import { rule as forbiddenField } from "./rules/forbidden-field.ts";
import { rule as functionArguments } from "./rules/function-arguments.ts";
import { rule as hiveCopyIo } from "./rules/hive-copy-io.ts";
import { rule as invalidEnumValue } from "./rules/invalid-enum-value.ts";
import { rule as invalidHop } from "./rules/invalid-hop.ts";
import { rule as lateActionWithoutTimeout } from "./rules/late-action-without-timeout.ts";
import { rule as lateTimeoutOndemand } from "./rules/late-timeout-ondemand.ts";
import { rule as maximumRetries } from "./rules/maximum-retries.ts";
import { rule as missingLogUri } from "./rules/missing-log-uri.ts";
import { rule as missingOneOf } from "./rules/missing-one-of.ts";
import { rule as missingRequiredField } from "./rules/missing-required-field.ts";
import { rule as missingSchedule } from "./rules/missing-schedule.ts";
import { rule as missingTerminateAfter } from "./rules/missing-terminate-after.ts";
import { rule as mutuallyExclusiveFields } from "./rules/mutually-exclusive-fields.ts";
import { rule as nodeOutsideAction } from "./rules/node-outside-action.ts";
import { rule as notAList } from "./rules/not-a-list.ts";
import { rule as objectQuota } from "./rules/object-quota.ts";
import { rule as ondemandDefaultOnly } from "./rules/ondemand-default-only.ts";
import { rule as ondemandSchedule } from "./rules/ondemand-schedule.ts";
import { rule as operatorTypes } from "./rules/operator-types.ts";
import { rule as parameterId } from "./rules/parameter-id.ts";
import { rule as parameterInField } from "./rules/parameter-in-field.ts";
import { rule as parameterTypeSpelling } from "./rules/parameter-type-spelling.ts";
import { rule as parameterValue } from "./rules/parameter-value.ts";
import { rule as parentCycle } from "./rules/parent-cycle.ts";
import { rule as plainTextSecret } from "./rules/plain-text-secret.ts";
import { rule as retryDelay } from "./rules/retry-delay.ts";
import { rule as runtimeFieldSet } from "./rules/runtime-field-set.ts";
import { rule as scheduleDates } from "./rules/schedule-dates.ts";
import { rule as schedulePeriod } from "./rules/schedule-period.ts";
import { rule as sizeLimit } from "./rules/size-limit.ts";
import { rule as stagingOutputDirectory } from "./rules/staging-output-directory.ts";
import { rule as stepsCap } from "./rules/steps-cap.ts";
import { rule as tagLimits } from "./rules/tag-limits.ts";
import { rule as tooManyFields } from "./rules/too-many-fields.ts";
import { rule as tooManyParameters } from "./rules/too-many-parameters.ts";
import { rule as undeclaredParameter } from "./rules/undeclared-parameter.ts";
import { rule as unknownField } from "./rules/unknown-field.ts";
import { rule as unknownFunction } from "./rules/unknown-function.ts";
import { rule as unknownName } from "./rules/unknown-name.ts";
import { rule as unknownParameterAttribute } from "./rules/unknown-parameter-attribute.ts";
import { rule as unknownParameterType } from "./rules/unknown-parameter-type.ts";
import { rule as unknownPipelineAttribute } from "./rules/unknown-pipeline-attribute.ts";
import { rule as unknownReference } from "./rules/unknown-reference.ts";
import { rule as unknownRuntimeField } from "./rules/unknown-runtime-field.ts";
import { rule as unknownType } from "./rules/unknown-type.ts";
import { rule as userFieldPrefix } from "./rules/user-field-prefix.ts";
import { rule as valueOutOfRange } from "./rules/value-out-of-range.ts";
import { rule as wrongReferenceTarget } from "./rules/wrong-reference-target.ts";
import { rule as wrongValueKind } from "./rules/wrong-value-kind.ts";
// lint rules (PIPE6xxx)
import { rule as activityWithoutOnFail } from "./rules/activity-without-on-fail.ts";
import { rule as hardCodedAccountId } from "./rules/hard-coded-account-id.ts";
import { rule as repeatedBucket } from "./rules/repeated-bucket.ts";
import { rule as unusedParameter } from "./rules/unused-parameter.ts";
import { rule as unusedObject } from "./rules/unused-object.ts";
import { rule as twelveHourClock } from "./rules/twelve-hour-clock.ts";
import { rule as startInThePast } from "./rules/start-in-the-past.ts";
import { rule as retriesWithoutDelay } from "./rules/retries-without-delay.ts";
import { rule as previousGenerationInstance } from "./rules/previous-generation-instance.ts";
import { rule as overwrittenOutput } from "./rules/overwritten-output.ts";
import { rule as activityWithoutAttemptTimeout } from "./rules/activity-without-attempt-timeout.ts";

const RULES: readonly Rule[] = [
  copyActivityFormats,
  dependencyCycle,
  duplicateField,
  duplicateId,
  duplicateParameter,
  emptyValue,
  emrRelease,
  existsOnDynamodb,
  forbiddenField,
  functionArguments,
  hiveCopyIo,
  invalidEnumValue,
  invalidHop,
  lateActionWithoutTimeout,
  lateTimeoutOndemand,
  maximumRetries,
  missingLogUri,
  missingOneOf,
  missingRequiredField,
  missingSchedule,
  missingTerminateAfter,
  mutuallyExclusiveFields,
  nodeOutsideAction,
  notAList,
  objectQuota,
  ondemandDefaultOnly,
  ondemandSchedule,
  operatorTypes,
  parameterId,
  parameterValue,
  parameterInField,
  parentCycle,
  plainTextSecret,
  retryDelay,
  runtimeFieldSet,
  scheduleDates,
  schedulePeriod,
  sizeLimit,
  stagingOutputDirectory,
  stepsCap,
  tagLimits,
  tooManyFields,
  tooManyParameters,
  undeclaredParameter,
  unknownField,
  unknownFunction,
  unknownName,
  unknownParameterAttribute,
  unknownParameterType,
  unknownPipelineAttribute,
  unknownReference,
  unknownRuntimeField,
  unknownType,
  userFieldPrefix,
  valueOutOfRange,
  wrongReferenceTarget,
  wrongValueKind,
  // lint
  activityWithoutOnFail,
  hardCodedAccountId,
  repeatedBucket,
  unusedParameter,
  unusedObject,
  twelveHourClock,
  startInThePast,
  retriesWithoutDelay,
  previousGenerationInstance,
  overwrittenOutput,
  activityWithoutAttemptTimeout,
  parameterTypeSpelling,
];

/** All rules sorted by code. */
export const ALL_RULES: readonly Rule[] = [...RULES].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0));
