import { servers } from "../../generated/endpoints.js";
import type { ApiEntry } from "./specs.js";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One short SDK example per service, with the reference pages' example values. */
export const serviceExamples: Readonly<Record<string, string>> = {
  cbr: `await rk.cbr.restoreBackup({
  backupId: "a5200268-74a5-4806-acc6-95793ab0228b",
  restore: {
    server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
    mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
    power_on: true,
  },
}, { wait: true });`,
  csbs: `await rk.csbs.createRestore({
  restore: {
    checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
    parameters: {
      checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
      power_on: true,
      targets: {
        server_id: "f45c477a-57e5-465f-999f-d845083962db",
        volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }],
      },
    },
  },
}, { wait: true }); // provider_id is filled in`,
  vbs: `await rk.vbs.restoreBackup({
  backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2",
  restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" },
}, { wait: true });`,
  rds: `const { accepted, final } = await rk.rds.restoreToExistingInstance({
  source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: 1532001446987 },
  target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" },
}, { wait: true }); // waits for the job named by accepted.job_id
console.log(accepted.job_id, final.job.status);`,
  iam: `// Used by iamAuth({ username, password, domain }): tokens are cached and refreshed for you.`,
};

/** The client set-up the examples share; a test type-checks it with them under strict TypeScript. */
export const setupExample = `import { createRestoreClient, akskAuth } from "restorekit";

/** The value of a required environment variable. */
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set \${name}\`);
  return value;
}

const rk = createRestoreClient({
  cloud: "otc",
  region: "eu-de",
  projectId: env("OS_PROJECT_ID"),
  auth: akskAuth({ ak: env("HUAWEICLOUD_SDK_AK"), sk: env("HUAWEICLOUD_SDK_SK") }),
});`;

/** A spec's reference page in one language. */
export interface ReferencePage {
  /** `en` or a locale such as `zh-CN`. */
  readonly lang: string;
  /** Path from docs/, for example `zh-CN/cbr.html`. */
  readonly href: string;
  readonly title: string;
}

const languageNames: Record<string, string> = { en: "English", "zh-CN": "简体中文" };

/** The docs' index page: what restorekit is, an example per service, links in every language, and where each service is offered. */
export function indexPage(apis: readonly (ApiEntry & { pages: readonly ReferencePage[] })[]): string {
  const link = (p: ReferencePage) => `<a href="${escapeHtml(p.href)}" lang="${escapeHtml(p.lang)}" hreflang="${escapeHtml(p.lang)}">${escapeHtml(p.title)}</a>`;
  const english = (a: { pages: readonly ReferencePage[] }) => a.pages.find((p) => p.lang === "en") ?? (a.pages[0] as ReferencePage);
  const langs = [...new Set(apis.flatMap((a) => a.pages.map((p) => p.lang)))];
  const regionRows = Object.entries(servers)
    .filter(([key]) => apis.some((a) => a.name === key))
    .map(([service, list]) => {
      const cell = (cloud: string) =>
        list
          .filter((s) => s.cloud === cloud)
          .flatMap((s) => s.regions.map((r) => s.url.replace("{region}", r)))
          .map((u) => `<code>${escapeHtml(u.replace("https://", ""))}</code>`)
          .join("<br>") || "—";
      return `<tr><th scope="row">${escapeHtml(service)}</th><td>${cell("huaweicloud")}</td><td>${cell("otc")}</td></tr>`;
    })
    .join("\n");
  const sections = apis
    .map(
      (a) => `<section id="${escapeHtml(a.name)}">
<h3>${link(english(a))}</h3>
<pre><code>${escapeHtml(serviceExamples[a.name] ?? "")}</code></pre>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>restorekit API reference</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
pre { background: #f4f4f4; padding: 1rem; overflow-x: auto; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
</style>
</head>
<body>
<h1>restorekit</h1>
<p>A spec-first TypeScript SDK, CLI and local emulator for the backup-restore APIs of Huawei Cloud and
Open Telekom Cloud. These pages are built from the same OpenAPI specs as the SDK's types and validators.</p>
<h2>Set up a client</h2>
<pre><code>${escapeHtml(setupExample)}</code></pre>
<h2>Services</h2>
<p>Every reference page is published in ${langs.map((l) => escapeHtml(languageNames[l] ?? l)).join(" and ")}, from the same specs.
<span lang="zh-CN">每个参考页面均以英文和简体中文发布，内容来自同一份规范。</span></p>
<table>
<thead><tr>${langs.map((l) => `<th lang="${escapeHtml(l)}">${escapeHtml(languageNames[l] ?? l)}</th>`).join("")}</tr></thead>
<tbody>
${apis.map((a) => `<tr>${langs.map((l) => `<td>${a.pages.filter((p) => p.lang === l).map(link).join("") || "—"}</td>`).join("")}</tr>`).join("\n")}
</tbody>
</table>
${sections}
<h2>Clouds and regions</h2>
<table>
<thead><tr><th>service</th><th>Huawei Cloud</th><th>Open Telekom Cloud</th></tr></thead>
<tbody>
${regionRows}
</tbody>
</table>
</body>
</html>
`;
}
