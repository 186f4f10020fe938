import openapiTS, { astToString } from "openapi-typescript";
import { pathToFileURL } from "node:url";
import { banner } from "./lib/banner.js";
import type { ApiEntry } from "./lib/specs.js";

/**
 * The openapi-typescript declarations of one spec. `defaultNonNullable: false` keeps a field that
 * has a default optional for callers (openapi-typescript would otherwise make it required).
 */
export async function emitTypes(api: ApiEntry): Promise<string> {
  const ast = await openapiTS(pathToFileURL(api.file), { defaultNonNullable: false });
  return `${banner(api.relative)}\n\n${astToString(ast)}`;
}
