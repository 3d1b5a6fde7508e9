import { runDeployedService } from '@kerma/platform';
import { skinDoseConfigFromEnv } from './config';
import { SkinDoseModule } from './skin-dose.module';

void runDeployedService('skin-dose', () => {
  const { port, options } = skinDoseConfigFromEnv();
  return { port, module: SkinDoseModule.register(options) };
});
