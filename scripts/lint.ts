import { redocly } from "./lib/redocly.js";

/** `npm run lint`: every API of `redocly.yaml`, with its rules; warnings count as failures. */
process.exitCode = redocly(["lint", "--max-problems=200"]);
