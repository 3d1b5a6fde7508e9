import { SECURITY_ENTITIES } from '@kerma/platform';
import { QuarantinedObject } from './quarantined-object.entity';
import { StoredObject } from './stored-object.entity';

/** Every entity of the ingest database (its migrations cover exactly these). */
export const INGEST_ENTITIES = [StoredObject, QuarantinedObject, ...SECURITY_ENTITIES];
