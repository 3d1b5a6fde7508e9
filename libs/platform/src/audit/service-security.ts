import { Controller, type Provider, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ApiKeyV1 } from '@kerma/contracts';
import { ConsumeEvent, EventPublisher } from '@kerma/messaging';
import { ApiKeyRecord } from '../auth/api-keys/api-key.entity';
import { ApiKeyStore } from '../auth/api-keys/api-key-store';
import { AuditRecord } from './audit-record.entity';
import { AuditTrail } from './audit-trail';

/** Tables every service with an HTTP API has: its copy of the API keys and its audit records. */
export const SECURITY_ENTITIES = [ApiKeyRecord, AuditRecord];

/**
 * What a service module adds to verify API keys and audit its routes: the key store and audit trail on
 * the service's own database, and the consumer keeping its copy of kerma.api-key.v1.
 */
export function serviceSecurity(service: string): { controllers: Type[]; providers: Provider[] } {
  return {
    controllers: [apiKeyReplicaConsumer(`kerma-${service}`)],
    providers: [
      {
        provide: ApiKeyStore,
        useFactory: (keys: Repository<ApiKeyRecord>, publisher: EventPublisher) => new ApiKeyStore(keys, publisher, service),
        inject: [getRepositoryToken(ApiKeyRecord, service), EventPublisher],
      },
      {
        provide: AuditTrail,
        useFactory: (records: Repository<AuditRecord>, publisher: EventPublisher) => new AuditTrail(records, publisher, service),
        inject: [getRepositoryToken(AuditRecord, service), EventPublisher],
      },
    ],
  };
}

/** One consumer class per consumer group: in the single process each service keeps its own copy. */
function apiKeyReplicaConsumer(group: string): Type {
  @Controller()
  class ApiKeyReplicaConsumer {
    constructor(readonly keys: ApiKeyStore) {}

    @ConsumeEvent(ApiKeyV1, group)
    async onApiKey(@Payload() event: ApiKeyV1): Promise<void> {
      await this.keys.apply(event);
    }
  }
  Object.defineProperty(ApiKeyReplicaConsumer, 'name', { value: `ApiKeyReplicaConsumer(${group})` });
  return ApiKeyReplicaConsumer;
}
