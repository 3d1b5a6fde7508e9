import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DoseAlertV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryOutbox } from './delivery-outbox';

/** Alerts reach webhooks and e-mail from kerma.dose-alert.v1, the primary interface, like any other consumer. */
@Controller()
export class DoseAlertDeliveryConsumer {
  constructor(
    private readonly outbox: DeliveryOutbox,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @ConsumeEvent(DoseAlertV1, 'kerma-notification-delivery')
  async onDoseAlert(@Payload() event: DoseAlertV1): Promise<void> {
    if ((await this.outbox.enqueue(event)) > 0) this.dispatcher.kick();
  }
}
