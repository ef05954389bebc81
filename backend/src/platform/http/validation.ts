import { Body, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z, type ZodType } from 'zod';

// Validation messages in Russian by default (zod ships the locale).
z.config(z.locales.ru());

class ZodPipe implements PipeTransform {
  constructor(private readonly schema: ZodType) {}
  transform(value: unknown) {
    return this.schema.parse(value ?? {});
  }
}

/**
 * `@ValidBody(schema)`: validates the JSON body with zod (a failure becomes a 400 problem listing
 * every field) and documents the same schema in OpenAPI, so the two can never disagree.
 */
export function ValidBody(schema: ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object })(target, key!, descriptor);
  };
}

/** `@ValidQuery(schema)`: the same for query strings (use z.coerce for numbers). */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const [name, field] of Object.entries(schema.shape)) {
      ApiQuery({ name, required: !(field as ZodType).safeParse(undefined).success, schema: z.toJSONSchema(field as ZodType, { io: 'input', unrepresentable: 'any' }) as object })(target, key!, descriptor);
    }
  };
}

export const uuidParam = z.uuid({ message: 'Идентификатор должен быть UUID' });
