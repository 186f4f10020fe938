import ts from "typescript";

/** The structure a TypeScript type and a JSON Schema can both describe, to compare one with the other. */
export type Shape =
  | { readonly kind: "string" | "number" | "boolean" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "object"; readonly properties: Readonly<Record<string, { readonly optional: boolean; readonly shape: Shape }>> };

/** The shape of the exported type `name` of `file`, read with the TypeScript compiler under strict settings. */
export function typeShape(file: string, name: string): Shape {
  const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, resolveJsonModule: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  let node: ts.Node | undefined;
  source.forEachChild((n) => {
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name.text === name) node = n;
  });
  if (!node) throw new Error(`${file} declares no ${name}`);
  const at = node;
  const walk = (type: ts.Type, where: string): Shape => {
    const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)) : [type];
    if (parts.length > 1 && parts.every((t) => t.isStringLiteral())) return { kind: "enum", values: parts.map((t) => (t as ts.StringLiteralType).value).sort() };
    if (parts.length > 1 && parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { kind: "boolean" };
    if (parts.length !== 1) throw new Error(`${where}: a union the comparison does not know: ${checker.typeToString(type)}`);
    const t = parts[0] as ts.Type;
    if (t.flags & ts.TypeFlags.String) return { kind: "string" };
    if (t.flags & ts.TypeFlags.Number) return { kind: "number" };
    if (t.flags & ts.TypeFlags.Boolean) return { kind: "boolean" };
    if (t.isStringLiteral()) return { kind: "enum", values: [t.value] };
    if (checker.isArrayType(t)) return { kind: "array", items: walk(checker.getTypeArguments(t as ts.TypeReference)[0] as ts.Type, `${where}[]`) };
    if (t.flags & ts.TypeFlags.Object) {
      const properties: Record<string, { optional: boolean; shape: Shape }> = {};
      for (const p of checker.getPropertiesOfType(t)) {
        properties[p.name] = { optional: (p.flags & ts.SymbolFlags.Optional) !== 0, shape: walk(checker.getTypeOfSymbolAtLocation(p, at), `${where}.${p.name}`) };
      }
      return { kind: "object", properties };
    }
    throw new Error(`${where}: a type the comparison does not know: ${checker.typeToString(t)}`);
  };
  return walk(checker.getTypeAtLocation(at), name);
}

interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

/** The shape a JSON Schema describes (the keywords the emulator's fixtures schema uses). */
export function schemaShape(schema: JsonSchema, where = "#"): Shape {
  if (schema.enum) return { kind: "enum", values: [...schema.enum].sort() };
  switch (schema.type) {
    case "string":
    case "boolean":
      return { kind: schema.type };
    case "number":
    case "integer":
      return { kind: "number" };
    case "array":
      if (!schema.items) throw new Error(`${where}: an array without items`);
      return { kind: "array", items: schemaShape(schema.items, `${where}/items`) };
    case "object": {
      const properties: Record<string, { optional: boolean; shape: Shape }> = {};
      for (const [name, sub] of Object.entries(schema.properties ?? {})) {
        properties[name] = { optional: !(schema.required ?? []).includes(name), shape: schemaShape(sub, `${where}/properties/${name}`) };
      }
      return { kind: "object", properties };
    }
    default:
      throw new Error(`${where}: a schema the comparison does not know: ${JSON.stringify(schema).slice(0, 100)}`);
  }
}
