import { runDeployedService } from '@kerma/platform';
import { notificationConfigFromEnv } from './config';
import { NotificationModule } from './notification.module';

void runDeployedService('notification', () => {
  const { port, options } = notificationConfigFromEnv();
  return { port, module: NotificationModule.register(options) };
});
