/**
 * Rules of the reference model's `validationRules` that no validation rule checks, with the
 * reason. docs/diagnostics.md lists them; a test keeps this list and the rules' `implements`
 * covering every model rule.
 */
export const NOT_CHECKED: Readonly<Record<string, string>> = {
  "id-required":
    "Not a property of the IR: the `.pipe` grammar requires an id on every object (a missing one is a syntax error, PIPE1001), and the definition reader reports JSON objects without `id` (PIPE5156).",
  "backfill-guard":
    "Depends on the activation time, which is not part of the definition: the service blocks activation when the first scheduled start is more than a day in the past.",
  "cascade-backfill-warning":
    "Also depends on the activation time (a backfill is a start date in the past at activation); the service warns at that moment.",
  "duplicate-json-keys":
    "A property of the JSON text, not of the pipeline: the definition reader reports a repeated key (PIPE5153, a warning because the AWS CLI keeps the last value); `.pipe` has no JSON keys, and a field written twice is PIPE2016.",
  "no-multiline":
    "`.pipe` triple-quoted strings are emitted with escaped line breaks, so no raw line break reaches Data Pipeline; the definition reader reports raw line breaks inside JSON strings (PIPE5152).",
  "rds-driver":
    "The database engine (Oracle, SQL Server) is not part of an RdsDatabase definition; it belongs to the RDS instance, which pipec cannot see offline.",
};
