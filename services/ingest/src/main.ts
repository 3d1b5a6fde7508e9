import { runDeployedService } from '@kerma/platform';
import { ingestConfigFromEnv } from './config';
import { IngestModule } from './ingest.module';

void runDeployedService('ingest', () => {
  const { port, options } = ingestConfigFromEnv();
  return { port, module: IngestModule.register(options) };
});
