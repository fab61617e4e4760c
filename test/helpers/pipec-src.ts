/** Runs the pipec CLI from the TypeScript sources (tests spawn it as a process). */
import { main } from "../../compiler/cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
