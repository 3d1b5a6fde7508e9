import { runDeployedService } from '@kerma/platform';
import { historyConfigFromEnv } from './config';
import { HistoryModule } from './history.module';

void runDeployedService('history', () => {
  const { port, options } = historyConfigFromEnv();
  return { port, module: HistoryModule.register(options) };
});
