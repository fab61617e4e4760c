/** `pipec build --target asl`: stdout, --out files and --explain. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../compiler/cli/main.ts";

let out = "";
let err = "";
let dir = "";

beforeEach(() => {
  out = "";
  err = "";
  dir = mkdtempSync(join(tmpdir(), "pipec-asl-"));
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const N_SHAPE = `pipeline n {
  default { scheduleType = cron  schedule = Hourly  role = "R"  resourceRole = "RR" }
  Schedule Hourly { period = 1 hour  startDateTime = 2026-01-01T00:00:00 }
  Ec2Resource Box { terminateAfter = 1 hour }
  ShellCommandActivity a { runsOn = Box  command = "a" }
  ShellCommandActivity b { runsOn = Box  command = "b" }
  ShellCommandActivity c { runsOn = Box  command = "c"  dependsOn = [a, b] }
  ShellCommandActivity d { runsOn = Box  command = "d"  dependsOn = b }
}
`;

describe("pipec build --target asl", () => {
  it("writes the state machine to stdout", async () => {
    const file = join(dir, "n.pipe");
    writeFileSync(file, N_SHAPE);
    expect(await main(["build", file, "--target", "asl"])).toBe(0);
    const def = JSON.parse(out);
    expect(def.QueryLanguage).toBe("JSONata");
    expect(def.StartAt).toBe("Init");
  });

  it("writes definition, schedule and IAM with --out, and explains added orderings", async () => {
    const file = join(dir, "n.pipe");
    writeFileSync(file, N_SHAPE);
    const target = join(dir, "out");
    expect(await main(["build", file, "--target", "asl", "--out", target, "--explain"])).toBe(0);
    expect(readdirSync(target).sort()).toEqual(["n.asl.json", "n.iam.json", "n.schedule.json"]);
    const schedule = JSON.parse(readFileSync(join(target, "n.schedule.json"), "utf8"));
    expect(schedule).toMatchObject({ scheduleExpression: "rate(1 hour)", startDate: "2026-01-01T00:00:00Z", flexibleTimeWindow: { mode: "OFF" } });
    expect(schedule.input).toContain("<aws.scheduler.scheduled-time>");
    expect(err).toMatch(/critical path \d activities in the state machine, 2 in the dependency graph \(ratio \d\.\d{3}\)/);
    expect(err).toMatch(/added ordering: \w runs before \w/);
  });

  it("exits 1 with a PIPE52xx error and writes nothing when an activity has no mapping", async () => {
    const file = join(dir, "h.pipe");
    writeFileSync(file, `pipeline h {
  default { scheduleType = ondemand  role = "R"  resourceRole = "RR" }
  ShellCommandActivity a { workerGroup = "wg"  command = "a" }
}
`);
    const target = join(dir, "out2");
    expect(await main(["build", file, "--target", "asl", "--out", target])).toBe(1);
    expect(err).toContain("PIPE5201");
    expect(() => readdirSync(target)).toThrow();
  });
});
