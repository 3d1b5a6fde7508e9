import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

/**
 * JSON Schema (draft 2020-12 subset) of the zod types the contracts use, so the AsyncAPI document
 * is derived from the very schemas that validate messages. An unsupported zod type is an error,
 * not an approximation.
 */
export function toJsonSchema(type: z.ZodTypeAny): JsonSchema {
  const def = type._def as { typeName: z.ZodFirstPartyTypeKind; description?: string };
  const schema = convert(type, def.typeName);
  return type.description ? { ...schema, description: type.description } : schema;
}

function convert(type: z.ZodTypeAny, kind: z.ZodFirstPartyTypeKind): JsonSchema {
  switch (kind) {
    case z.ZodFirstPartyTypeKind.ZodObject: {
      const shape = (type as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const required = Object.entries(shape)
        .filter(([, t]) => !t.isOptional())
        .map(([k]) => k);
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(shape).map(([k, t]) => [k, toJsonSchema(t)])),
        required,
      };
    }
    case z.ZodFirstPartyTypeKind.ZodString: {
      const checks = (type as z.ZodString)._def.checks;
      const out: JsonSchema = { type: 'string' };
      for (const c of checks) {
        if (c.kind === 'min') out.minLength = c.value;
        else if (c.kind === 'max') out.maxLength = c.value;
        else if (c.kind === 'regex') out.pattern = c.regex.source;
        else if (c.kind === 'uuid') out.format = 'uuid';
        else if (c.kind === 'url') out.format = 'uri';
        else if (c.kind === 'datetime') out.format = 'date-time';
      }
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodNumber: {
      const out: JsonSchema = { type: 'number' };
      for (const c of (type as z.ZodNumber)._def.checks) {
        if (c.kind === 'int') out.type = 'integer';
        else if (c.kind === 'min') out[c.inclusive ? 'minimum' : 'exclusiveMinimum'] = c.value;
        else if (c.kind === 'max') out[c.inclusive ? 'maximum' : 'exclusiveMaximum'] = c.value;
      }
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return { type: 'string', enum: [...(type as z.ZodEnum<[string, ...string[]]>).options] };
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return { const: (type as z.ZodLiteral<unknown>).value };
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const arr = type as z.ZodArray<z.ZodTypeAny>;
      return { type: 'array', items: toJsonSchema(arr.element), ...(arr._def.minLength ? { minItems: arr._def.minLength.value } : {}) };
    }
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return { oneOf: [toJsonSchema((type as z.ZodNullable<z.ZodTypeAny>).unwrap()), { type: 'null' }] };
    case z.ZodFirstPartyTypeKind.ZodOptional:
      return toJsonSchema((type as z.ZodOptional<z.ZodTypeAny>).unwrap());
    case z.ZodFirstPartyTypeKind.ZodDefault: {
      // A field added to a contract later: absent in older messages, read as its default.
      const def = (type as z.ZodDefault<z.ZodTypeAny>)._def;
      return { ...toJsonSchema(def.innerType), default: def.defaultValue() };
    }
    case z.ZodFirstPartyTypeKind.ZodUnion:
      return { oneOf: (type as z.ZodUnion<[z.ZodTypeAny, ...z.ZodTypeAny[]]>).options.map((o) => toJsonSchema(o)) };
    case z.ZodFirstPartyTypeKind.ZodDiscriminatedUnion:
      return { oneOf: [...(type as z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>).options].map((o) => toJsonSchema(o)) };
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return { type: 'boolean' };
    case z.ZodFirstPartyTypeKind.ZodTuple: {
      const items = (type as z.ZodTuple)._def.items as z.ZodTypeAny[];
      return { type: 'array', prefixItems: items.map((t) => toJsonSchema(t)), items: false, minItems: items.length, maxItems: items.length };
    }
    case z.ZodFirstPartyTypeKind.ZodEffects: {
      // A refinement checks more than JSON Schema can say (its description says what); a transform would change the shape.
      const effects = type as z.ZodEffects<z.ZodTypeAny>;
      if (effects._def.effect.type !== 'refinement') throw new Error(`toJsonSchema: zod ${effects._def.effect.type} is not supported`);
      return toJsonSchema(effects.innerType());
    }
    default:
      throw new Error(`toJsonSchema: zod type ${kind} is not supported`);
  }
}
