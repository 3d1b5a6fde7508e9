import type { z } from 'zod';
import type { Procedure } from '@kerma/rdsr';
import type { procedureSchema } from './procedure.schema';

type Wire = z.infer<typeof procedureSchema>;
type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile when the wire schema and the rdsr model differ in any field. */
export const procedureSchemaMatchesModel: Same<DeepMutable<Procedure>, Wire> = true;
