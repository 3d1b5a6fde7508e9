import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiKeyUsedV1, AuditV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { ApiKeyStore, AuditTrail } from '@kerma/platform';

const GROUP = 'kerma-history';

/** History keeps the audit trail of every service and the last use of every API key. */
@Controller()
export class SecurityEventsConsumer {
  constructor(
    private readonly trail: AuditTrail,
    private readonly keys: ApiKeyStore,
  ) {}

  @ConsumeEvent(AuditV1, GROUP)
  async onAudit(@Payload() event: AuditV1): Promise<void> {
    await this.trail.keep(event);
  }

  @ConsumeEvent(ApiKeyUsedV1, GROUP)
  async onKeyUsed(@Payload() event: ApiKeyUsedV1): Promise<void> {
    await this.keys.noteUsed(event.keyId, event.usedAt);
  }
}
