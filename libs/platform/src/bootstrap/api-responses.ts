import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export type { SchemaObject };

/** The statuses Kerma's HTTP routes answer with besides success. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

/** Nest's exception body; STOW's early refusals send `{ error }` alone. */
export const ERROR_BODY: SchemaObject = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'What was wrong, naming the parameter or object' },
    error: { type: 'string' },
  },
};

const DEFAULT_MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'A query parameter or body is invalid, unknown or repeated (the message names it)',
  401: 'No valid bearer token or API key (KERMA_AUTH=oidc)',
  403: "The caller's roles do not allow this route, or the site asked for is outside the caller's site scope",
  404: 'Unknown, or belonging to a site outside the caller’s scope',
  409: 'Conflicts with the current state (the message says why)',
  413: 'The request is larger than the configured limit',
  415: 'The content type is not one the route accepts',
  429: 'Too many requests from this client (principal, API key, or address): retry after the Retry-After delay (KERMA_RATE_LIMIT_PER_MINUTE)',
  503: 'Temporarily unable; retry after the Retry-After delay',
};

/** Every route behind the global auth guard (and its per-client rate limit) can answer these. */
export const GUARDED: Readonly<Partial<Record<ErrorStatus, true>>> = { 401: true, 403: true, 429: true };

/** Routes that read a JSON body: it is refused above KERMA_MAX_JSON_BODY_BYTES. */
export const JSON_BODY_LIMIT = { 413: 'The JSON body is larger than KERMA_MAX_JSON_BODY_BYTES (default 1 MiB)' } as const;

/**
 * Declares a route's error statuses with the common error body: `true` for the usual meaning, or a
 * text saying what the status means on this route.
 */
export function ApiErrors(statuses: Partial<Record<ErrorStatus, string | true>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(statuses).map(([code, meaning]) => {
      const status = Number(code) as ErrorStatus;
      return ApiResponse({ status, description: meaning === true ? DEFAULT_MEANING[status] : meaning!, schema: ERROR_BODY });
    }),
  );
}

/** A success answer of another media type than JSON (PNG maps, DICOM files, DICOM JSON). */
export function ApiContentResponse(status: 200 | 202, description: string, mediaType: string, schema: SchemaObject): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, content: { [mediaType]: { schema } } });
}

export const BINARY: SchemaObject = { type: 'string', format: 'binary' };

/** Small builders for response schema objects, so each controller declares its answer's shape compactly. */
export const schema = {
  string: (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) }),
  number: (description?: string): SchemaObject => ({ type: 'number', ...(description ? { description } : {}) }),
  integer: (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) }),
  boolean: (): SchemaObject => ({ type: 'boolean' }),
  enum: (values: readonly string[], description?: string): SchemaObject => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) }),
  nullable: (s: SchemaObject): SchemaObject => ({ ...s, nullable: true }),
  array: (items: SchemaObject): SchemaObject => ({ type: 'array', items }),
  /** An object with these properties, all present in every answer (null where the schema says so). */
  object: (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
    type: 'object',
    properties,
    required: Object.keys(properties),
    ...(description ? { description } : {}),
  }),
  /** A nested structure documented elsewhere (the AsyncAPI document, docs/) and given here by name only. */
  opaque: (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description }),
};
