import { CLASSIFICATIONS } from '@intelgraph/domain';
import { z } from 'zod';

/** Shared input schemas. */
export const idSchema = z.uuid();
/** Ids of one batch read (any number; each a uuid). */
export const idsSchema = z.array(idSchema);
export const classificationSchema = z.enum(CLASSIFICATIONS);
export const expectedVersionSchema = z.number().int().min(1);
export const jsonObjectSchema = z.record(z.string(), z.json());
export const pageSchema = z.object({
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(200).optional(),
});
