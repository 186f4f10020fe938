import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { checkTranslations, locales, overlayFile, readOverlay, unapplied } from "../../scripts/lib/i18n/overlays.js";
import { nodeAt } from "../../scripts/lib/i18n/translatable.js";
import { type JsonObject, listApis, root } from "../../scripts/lib/specs.js";

const english = (service: string) => JSON.parse(readFileSync(resolve(root, `generated/openapi/${service}.json`), "utf8")) as JsonObject;
const actions = (service: string) => readOverlay(overlayFile("zh-CN", service)).actions;
const translationAt = (service: string, target: string) => actions(service).find((a) => a.target === target)?.update ?? {};

describe("the translations (specs/i18n/<locale>/<service>.overlay.yaml)", () => {
  for (const locale of locales) {
    for (const api of listApis()) {
      it(`${locale}/${api.name}: an Overlay 1.0 document that translates all of the spec's prose, from its current English`, () => {
        const doc = parse(readFileSync(overlayFile(locale, api.name), "utf8")) as { overlay: string; info: { title: string; version: string }; actions: unknown[] };
        expect(doc.overlay).toBe("1.0.0");
        expect(doc.info.title).toBeTruthy();
        expect(doc.info.version).toBeTruthy();
        expect(checkTranslations(english(api.name), actions(api.name))).toEqual({ problems: [], todo: [] });
      });

      it(`${locale}/${api.name}: Redocly applies every action (redocly bundle --overlay)`, () => {
        const translated = bundleSpec(resolve(root, `generated/openapi/${api.name}.json`), [overlayFile(locale, api.name)]);
        expect(unapplied(english(api.name), translated, actions(api.name))).toEqual([]);
        expect(String((translated.info as JsonObject).title)).toMatch(/\p{Script=Han}/u);
        // Only prose changes: the operations' paths, parameters and schemas stay the same.
        expect(Object.keys(translated.paths as JsonObject)).toEqual(Object.keys(english(api.name).paths as JsonObject));
      });
    }
  }

  it("fails when an English text changes and its translation does not, and passes once the translation records the new English", () => {
    const doc = english("cbr");
    const target = "$['components']['schemas']['BackupRestore']['properties']['server_id']";
    const keys = ["components", "schemas", "BackupRestore", "properties", "server_id"];
    (nodeAt(doc, keys) as JsonObject).description = "ID of the server to restore to. Mandatory for whole-server restoration.";
    const { problems, todo } = checkTranslations(doc, actions("cbr"));
    expect(problems).toEqual([expect.stringMatching(/^\$\['components'\]\['schemas'\]\['BackupRestore'\]\['properties'\]\['server_id'\]: the English changed since it was translated/)]);
    expect(todo).toEqual([{ target, english: { description: "ID of the server to restore to. Mandatory for whole-server restoration." }, hash: expect.stringMatching(/^[0-9a-f]{16}$/), why: "English changed" }]);
    const redone = actions("cbr").map((a) => (a.target === target ? { ...a, "x-source-hash": todo[0]?.hash ?? "", update: { description: "恢复的目标服务器ID（整机恢复时必填）" } } : a));
    expect(checkTranslations(doc, redone).problems).toEqual([]);
  });

  it("fails on new English without a translation, and on a translation whose target is gone", () => {
    const doc = english("vbs");
    ((doc.components as JsonObject).schemas as JsonObject).VolumeDetail = {
      ...(((doc.components as JsonObject).schemas as JsonObject).VolumeDetail as JsonObject),
      title: "ignored: schema titles are names",
    };
    const tags = doc.tags as JsonObject[];
    const added = tags.length;
    tags.push({ name: "Snapshots", description: "Read a snapshot." });
    const { problems } = checkTranslations(doc, actions("vbs"));
    expect(problems).toEqual([`$['tags'][${added}]: description, x-displayName not translated`]);
    tags.splice(1, added);
    const orphans = Array.from({ length: added - 1 }, (_, i) => expect.stringContaining(`$['tags'][${i + 1}]: no prose there in the English spec`));
    expect(checkTranslations(doc, actions("vbs")).problems).toEqual(orphans);
  });

  it("CBR and RDS use the Chinese pages' own wording where the pages have it", () => {
    const cbr = (path: string) => translationAt("cbr", `$['components']['schemas']['BackupRestore']['properties']['${path}']`).description;
    expect(cbr("server_id")).toBe("恢复的目标虚拟机ID（整机恢复时必填）");
    expect(cbr("volume_id")).toBe("恢复的目标卷ID（卷恢复时必填）");
    expect(cbr("resource_id")).toBe("待恢复的目标资源ID");
    expect(translationAt("cbr", "$['paths']['/v3/{project_id}/backups/{backup_id}/restore']['post']").summary).toBe("备份恢复");
    const source = (field: string) => translationAt("rds", `$['components']['schemas']['RestoreSource']['properties']['${field}']`).description;
    expect(source("restore_time")).toBe("恢复数据的时间点，格式为UNIX时间戳，单位是毫秒，时区为UTC。");
    expect(source("backup_id")).toBe("用于恢复的备份ID。当使用备份文件恢复时需要指定该参数。");
    expect(translationAt("rds", "$['paths']['/{version_id}/{project_id}/instances/recovery']['post']").description).toContain("4. 暂不支持Microsoft SQL Server。");
  });
});
