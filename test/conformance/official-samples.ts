import { officialAction, type FieldType, type OfficialField, type ServiceName } from './official-models';

/**
 * An answer body built from the official response model alone: every field filled, lists with one
 * item, values from the model's `@example` where it has one (so `SnapShotId` becomes
 * `["s-bp17441ohwka0yuh****"]`), a placeholder of the right kind otherwise. It stands in for the real
 * service when checking what an adapter makes of an answer in the official shape.
 */
export function officialSample(service: ServiceName, action: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { response } = officialAction(service, action);
  const body = sampleModel(response.fields, new Set([response.name]));
  return { ...body, ...overrides };
}

function sampleModel(fields: Readonly<Record<string, OfficialField>>, seen: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.values(fields)) out[field.name] = sampleValue(field.type, field.example, field.name, seen);
  return out;
}

function exampleList(example: string | undefined): unknown[] | undefined {
  if (example === undefined || !example.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(example);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function sampleValue(type: FieldType, example: string | undefined, name: string, seen: Set<string>): unknown {
  switch (type.kind) {
    case 'string':
      return example ?? `${name}-sample`;
    case 'number': {
      const n = Number(example);
      return example !== undefined && Number.isFinite(n) ? n : 1;
    }
    case 'boolean':
      return example !== 'false';
    case 'any':
      return example ?? null;
    case 'array':
      return exampleList(example) ?? [sampleValue(type.item, example, name, seen)];
    case 'map':
      return { key: sampleValue(type.value, undefined, name, seen) };
    case 'model': {
      // A model that contains itself would never end: its inner occurrence is left empty.
      if (seen.has(type.model.name)) return {};
      return sampleModel(type.model.fields, new Set([...seen, type.model.name]));
    }
  }
}
