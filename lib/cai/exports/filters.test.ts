import { expect, it } from "vitest";
import { textFilter } from "./filters";

it("leaves out evasive answers only when asked, and phrases case-insensitively anywhere", () => {
  const none = textFilter({ excludeEvasive: false, excludePhrases: [] });
  expect(none("I can't help with that.")).toBeNull();
  const both = textFilter({ excludeEvasive: true, excludePhrases: ["you are valid, valued, and cared for"] });
  expect(both("I can't help with that.")).toBe("evasive");
  expect(both("I can't help with that, because it could hurt someone.")).toBeNull();
  expect(both("Here is how. You are VALID, valued, and cared for.")).toBe("phrase");
  expect(both("You are valid.")).toBeNull();
});
