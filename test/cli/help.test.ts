import { describe, expect, it } from "vitest";
import { COMMAND_USAGE } from "@/scripts/cli/help";
import { runCli } from "./run-cli";

// `npm run cai -- COMMAND --help` is how people look a command up: it must print that command's
// help and exit 0, never start the command or complain about the missing arguments.

describe("cai COMMAND --help", () => {
  it.each([...Object.keys(COMMAND_USAGE), "help"])("%s --help prints its usage and exits 0", async (command) => {
    const result = await runCli([command, "--help"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(command === "help" ? "Commands:" : `npm run cai -- ${command}`);
  });

  it("--help after other arguments still only prints the usage", async () => {
    const result = await runCli(["run", "sl", "--dataset", "nowhere", "-h"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("usage: npm run cai -- run sl");
  });
});
