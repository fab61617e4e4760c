/** The `pipec` command line. Heavy modules are loaded only by the commands that need them. */
import { Command, CommanderError, Option } from "commander";
import { codeInfo } from "../catalog.ts";
import { runCheck } from "./check.ts";
import { describeFileSystemError, isFileSystemError, OutputError } from "./files.ts";
import { defaultFormat, parseFormat, UsageError } from "./output.ts";
import { FORMATS } from "../diagnostics/render.ts";

declare const PIPEC_VERSION: string | undefined;
const version = typeof PIPEC_VERSION === "string" ? PIPEC_VERSION : "0.0.0-dev";

/** Every target of `pipec build`. */
export const BUILD_TARGETS = ["datapipeline", "asl", "terraform"] as const;

/** Options that only some targets read (the others are common to every target or checked by the target). */
const BUILD_OPTION_TARGETS: readonly { key: string; flag: string; targets: readonly string[] }[] = [
  { key: "form", flag: "--form", targets: ["datapipeline"] },
  { key: "explain", flag: "--explain", targets: ["asl"] },
  { key: "service", flag: "--service", targets: ["terraform"] },
];

function program(setExit: (code: number) => void): Command {
  const cli = new Command("pipec")
    .description("Compile, check and format .pipe data pipelines for AWS Data Pipeline, Step Functions and CDKTF.")
    .version(version, "-v, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cli
    .command("check")
    .description("check .pipe files (directories are searched for *.pipe) and report every problem")
    .argument("<paths...>", "files or directories")
    .addOption(new Option("-f, --format <format>", "output format").choices([...FORMATS]))
    .option("--fix", "apply the safe fixes of the findings and rewrite the files")
    .action((paths: string[], opts: { format?: string; fix?: boolean }) => {
      setExit(runCheck(paths, { format: opts.format ? parseFormat(opts.format) : defaultFormat(), fix: opts.fix }));
    });

  cli
    .command("fmt")
    .description("format .pipe files canonically (one file or - is printed; --write rewrites, --check lists files that would change)")
    .argument("<paths...>", "files, directories, or - for standard input")
    .option("-w, --write", "rewrite the files in place")
    .option("-c, --check", "exit 1 and list the files that are not formatted")
    .addOption(new Option("-f, --format <format>", "diagnostics format").choices([...FORMATS]))
    .action(async (paths: string[], opts: { write?: boolean; check?: boolean; format?: string }) => {
      const { runFmt } = await import("./fmt.ts");
      setExit(await runFmt(paths, { write: opts.write, check: opts.check, format: opts.format ? parseFormat(opts.format) : defaultFormat() }));
    });

  const build = cli
    .command("build")
    .description("compile .pipe files (or definition JSON) to Data Pipeline, Step Functions or Terraform JSON; one output and no --out: stdout")
    .argument("<paths...>", "files or directories")
    .requiredOption("-t, --target <target>", "target: datapipeline, asl (Step Functions), or terraform (plain *.tf.json, one directory per stack)")
    .option("--form <form>", "definition form: file (objects/parameters/values) or api (pipelineObjects/...)", "file")
    .option("--values <file>", "parameter values file: {\"values\": {...}} or {...}")
    .option("--env <name>", "environment: reads <source>.values.<name>.json next to each source")
    .option("--param <id=value>", "a parameter value (repeat for several; a repeated id builds an array)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option("--all-envs", "build without values and once per <source>.values.<env>.json")
    .option("-o, --out <dir>", "write the outputs into this directory: <pipeline>[.<env>][.api].json, <pipeline>[.<env>].{asl,schedule,iam}.json, or one directory per stack")
    .option("--service <service>", "terraform target: datapipeline or stepfunctions (default both)")
    .option("--runtime <key=value>", "asl and terraform targets: a run-time setting, e.g. ecsCluster=etl (repeat for several; a repeated key or a comma builds a list; secrets.<name>=<arn>)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option("--runtime-file <file>", "asl and terraform targets: run-time settings per environment, {\"*\": {...}, \"<env>\": {...}} (or a cdktf.json)")
    .option("--explain", "asl target: report the critical-path ratio and each ordering added to the dependency graph")
    .addOption(new Option("-f, --format <format>", "diagnostics format").choices([...FORMATS]))
    .action(async (paths: string[], opts: { target: string; form: string; values?: string; env?: string; param: string[]; allEnvs?: boolean; out?: string; service?: string; runtime: string[]; runtimeFile?: string; explain?: boolean; format?: string }) => {
      const format = opts.format ? parseFormat(opts.format) : defaultFormat();
      if (!(BUILD_TARGETS as readonly string[]).includes(opts.target)) {
        throw new UsageError(`unknown target '${opts.target}' (expected one of: ${BUILD_TARGETS.join(", ")})`);
      }
      // Options of another target are mistakes, not silently ignored.
      const given = (name: string): boolean => build.getOptionValueSource(name) === "cli";
      const misplaced = BUILD_OPTION_TARGETS.filter((o) => given(o.key) && !o.targets.includes(opts.target));
      if (misplaced.length > 0) {
        const o = misplaced[0];
        throw new UsageError(`${o.flag} does not apply to --target ${opts.target} (only to ${o.targets.map((t) => `--target ${t}`).join(" and ")})`);
      }
      const environment = { values: opts.values, env: opts.env, params: opts.param, allEnvs: opts.allEnvs === true };
      const runtime = { runtime: opts.runtime, runtimeFile: opts.runtimeFile };
      if (opts.target === "asl") {
        const { runAslBuild } = await import("./build-asl.ts");
        setExit(await runAslBuild(paths, { ...environment, ...runtime, out: opts.out, explain: opts.explain === true, format }));
        return;
      }
      if (opts.target === "terraform") {
        if (opts.values !== undefined || opts.param.length > 0 || opts.allEnvs) {
          throw new UsageError("--target terraform builds every environment found next to each source (--env picks one); --values, --param and --all-envs do not apply");
        }
        const { runTerraformBuild } = await import("./build-terraform.ts");
        setExit(await runTerraformBuild(paths, { ...runtime, out: opts.out, service: opts.service, env: opts.env, format }));
        return;
      }
      if (opts.runtime.length > 0 || opts.runtimeFile !== undefined) {
        throw new UsageError("--runtime and --runtime-file are settings of the Step Functions state machine: they apply to --target asl and --target terraform");
      }
      const { runBuild } = await import("./build.ts");
      setExit(await runBuild(paths, { ...environment, target: opts.target, form: opts.form as "file" | "api", out: opts.out, format }));
    });

  cli
    .command("import")
    .description("turn a Data Pipeline definition (file or API form JSON) into formatted .pipe")
    .argument("<definition>", "definition JSON file")
    .option("-o, --output <file>", "write the .pipe here (parameter values go to <file>.values.json)")
    .option("--name <name>", "the pipeline's name (default: from the file name)")
    .option("--force", "replace the output file and its values file when they exist")
    .addOption(new Option("-f, --format <format>", "diagnostics format").choices([...FORMATS]))
    .action(async (file: string, opts: { output?: string; name?: string; force?: boolean; format?: string }) => {
      const { runImport } = await import("./import.ts");
      setExit(await runImport(file, { output: opts.output, name: opts.name, force: opts.force === true, format: opts.format ? parseFormat(opts.format) : defaultFormat() }));
    });

  cli
    .command("lsp")
    .description("run the language server for editors (speaks LSP on standard input and output)")
    .option("--stdio", "use standard input and output (the default and only transport)")
    .action(async () => {
      const { runLanguageServer } = await import("../lsp/server.ts");
      setExit(await runLanguageServer());
    });

  cli
    .command("init")
    .description("scaffold a repository for pipec: a first pipeline, cdktf.json and stacks/, pre-commit hooks, a GitHub Actions workflow")
    .argument("[dir]", "the directory to scaffold (created when missing)", ".")
    .option("--force", "replace files that exist")
    .action(async (dir: string, opts: { force?: boolean }) => {
      const { runInit } = await import("./init.ts");
      setExit(runInit(dir, { force: opts.force === true }));
    });

  cli
    .command("explain")
    .description("explain a diagnostic code, e.g. pipec explain PIPE1001 (or 1001)")
    .argument("<code>", "a code such as PIPE1001 or 1001, or its name")
    .action((code: string) => {
      const info = codeInfo(/^\d{4}$/.test(code) ? `PIPE${code}` : code);
      if (!info) throw new UsageError(`unknown diagnostic code '${code}'`);
      let out = `${info.code} ${info.name} (${info.severity})\n\n${info.summary}\n`;
      if (info.explanation) out += `\n${info.explanation}\n`;
      process.stdout.write(out);
      setExit(0);
    });

  return cli;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const cli = program((c) => {
    code = c;
  });
  try {
    await cli.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`pipec: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OutputError) {
      process.stderr.write(`pipec: ${e.message}\n`);
      return 2;
    }
    if (isFileSystemError(e)) {
      // The file system refused (permissions, a full disk, a file where a directory must go): not a bug.
      process.stderr.write(`pipec: ${e.syscall} failed: ${describeFileSystemError(e)}\n`);
      return 2;
    }
    process.stderr.write(`pipec: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.PIPEC_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
    return 2;
  }
}
