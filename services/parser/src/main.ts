import { runDeployedService } from '@kerma/platform';
import { parserConfigFromEnv } from './config';
import { ParserModule } from './parser.module';

void runDeployedService('parser', () => {
  const { port, options } = parserConfigFromEnv();
  return { port, module: ParserModule.register(options) };
});
