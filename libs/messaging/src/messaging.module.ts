import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EventPublisher } from './publisher';

/** Makes the process's EventPublisher (Kafka or in-process) injectable everywhere. */
@Global()
@Module({})
export class MessagingModule {
  static register(publisher: EventPublisher): DynamicModule {
    return { module: MessagingModule, global: true, providers: [{ provide: EventPublisher, useValue: publisher }], exports: [EventPublisher] };
  }
}
