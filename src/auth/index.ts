/**
 * `restorekit/auth`: the credentials people have besides an AK/SK, a token or a password, each
 * a separate import so that a program using only `akskAuth` bundles none of them (nor `yaml`).
 */
export { cloudsYamlAuth, type CloudsYamlOptions } from "./clouds-yaml.js";
export type { CloudsYamlLocation, Env } from "./clouds-yaml-files.js";
export { ecsMetadataAuth, type EcsMetadataOptions } from "./ecs-metadata.js";
export { assumeAgencyAuth, type AssumeAgencyOptions } from "./assume-agency.js";
export { defaultAuth, type DefaultAuthOptions, type SourcedAuth } from "./default-chain.js";
export { temporaryAkskAuth, type TemporaryAkskOptions, type TemporaryCredential } from "./temporary.js";
