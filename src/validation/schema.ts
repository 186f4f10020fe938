/**
 * The JSON Schema subset that the generator keeps from the specs for checking requests at run
 * time: the keywords the specs use, and no more. The generator (`scripts/lib/runtime-schema.ts`)
 * refuses any other keyword, a schema-valued `additionalProperties`, a non-primitive `const` or
 * `enum` value, and an `anyOf` or `not` without a `title` to name it by, so that no rule of a spec
 * can be silently skipped or reported without a name.
 */
export type JsonType = "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";

/** The values `const` and `enum` may hold. */
export type Primitive = string | number | boolean | null;

export interface Schema {
  /** Names a composite rule (allOf entry, if/then, not, anyOf) in error messages. */
  readonly title?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly Primitive[];
  readonly const?: Primitive;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly not?: Schema;
  readonly if?: Schema;
  readonly then?: Schema;
}

/** Every keyword a runtime {@link Schema} may carry; the generator refuses all others. */
export const schemaKeywords = {
  title: true,
  type: true,
  enum: true,
  const: true,
  required: true,
  properties: true,
  additionalProperties: true,
  minProperties: true,
  maxProperties: true,
  items: true,
  minItems: true,
  minLength: true,
  maxLength: true,
  minimum: true,
  maximum: true,
  allOf: true,
  anyOf: true,
  not: true,
  if: true,
  then: true,
} as const satisfies Record<keyof Schema, true>;
