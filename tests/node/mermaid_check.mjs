// Parses the Mermaid flowchart of every plan given with the mermaid package's own parser, and
// checks that every script the chart names is a file of the plan's bundle.
// Usage: node mermaid_check.mjs PLAN.md BUNDLE_DIR [PLAN.md BUNDLE_DIR ...]
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";

// mermaid sanitises labels with DOMPurify, which needs a window.
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

let failed = 0, passed = 0;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [plan, bundle] = [args[i], args[i + 1]];
  const blocks = [...readFileSync(plan, "utf8").matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
  const problems = [];
  if (blocks.length !== 1) problems.push(`${blocks.length} mermaid blocks, expected 1`);
  for (const chart of blocks) {
    try {
      const result = await mermaid.parse(chart);
      if (!result || !String(result.diagramType).startsWith("flowchart")) problems.push(`not a flowchart: ${JSON.stringify(result)}`);
    } catch (e) {
      problems.push(`does not parse: ${String(e.message).split("\n").slice(0, 3).join(" ")}`);
    }
    const scripts = new Set([...chart.matchAll(/\b\d\d_[a-z_]+\.sql\b/g)].map((m) => m[0]));
    if (scripts.size === 0) problems.push("names no script");
    for (const s of scripts) if (!existsSync(join(bundle, s))) problems.push(`names ${s}, which ${bundle} does not have`);
  }
  if (problems.length) {
    failed++;
    for (const p of problems) console.log(`${plan}: ${p}`);
  } else passed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
