import { site } from '@kerma/contracts';
import { z } from 'zod';
import { dicomListenerOptions, dicomSettingsShape, optionalDicomPort } from '@kerma/ingest';
import { alertRulesFromEnv, deliveryOptionsFromEnv } from '@kerma/notification';
import { drlTableFromEnv, fhirPushFromEnv } from '@kerma/history';
import {
  authSettingsFromEnv,
  ConfigError,
  mapFontFileFromEnv,
  requestLimitsFromEnv,
  serviceTokenSourceFromEnv,
  env,
  JsonLogger,
  loadConfig,
  LOG_LEVELS,
  startTracing,
  stopGracefully,
  tracingSettingsFromEnv,
  type TracingSettings,
} from '@kerma/platform';
import { engineSettingsShape, patientSizeSettingsShape, profilesFromEnv } from '@kerma/skin-dose';
import { startSingleProcessApp } from './single-process-app';

async function main(): Promise<void> {
  let logger = new JsonLogger('kerma');
  let options;
  let tracing: TracingSettings;
  try {
    const cfg = loadConfig({
      PORT: env.port(3000),
      HOST: z.string().min(1).default('127.0.0.1'),
      LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
      KERMA_DATA_DIR: z.string().min(1).default('./data'),
      KERMA_DEFAULT_SITE: site.default('default'),
      KERMA_DICOM_PORT: optionalDicomPort(),
      ...dicomSettingsShape,
      ...engineSettingsShape,
      ...patientSizeSettingsShape,
    });
    logger = new JsonLogger('kerma', cfg.LOG_LEVEL);
    const auth = authSettingsFromEnv(cfg.HOST);
    options = {
      port: cfg.PORT,
      host: cfg.HOST,
      dataDir: cfg.KERMA_DATA_DIR,
      defaultSite: cfg.KERMA_DEFAULT_SITE,
      dicom: dicomListenerOptions(cfg.KERMA_DICOM_PORT, cfg, cfg.HOST),
      alertRules: alertRulesFromEnv(),
      alertDelivery: deliveryOptionsFromEnv(),
      profiles: profilesFromEnv(),
      engine: { phantom: cfg.KERMA_PHANTOM, cellSizeMm: cfg.KERMA_SKIN_CELL_MM },
      mapFontFile: mapFontFileFromEnv(),
      drlTable: drlTableFromEnv(),
      fhirPush: fhirPushFromEnv(),
      pendingSizeDays: cfg.KERMA_PENDING_SIZE_DAYS,
      logger,
      auth,
      serviceToken: serviceTokenSourceFromEnv(),
      limits: requestLimitsFromEnv(process.env, auth.mode),
    };
    tracing = tracingSettingsFromEnv();
  } catch (err) {
    process.stderr.write(`kerma: ${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
    process.exit(78);
  }
  const tracer = startTracing('single-process', tracing);
  const { app, url } = await startSingleProcessApp(options);
  stopGracefully(app, logger, () => tracer.shutdown());
  logger.log(
    {
      msg: 'Kerma is running (single process)',
      url,
      api: options.auth.mode === 'none' ? `${url}/api/docs` : 'documentation off (authentication on)',
      stow: `${url}/dicomweb/studies`,
      dicom: options.dicom ? `${options.dicom.aeTitle}@${options.dicom.host}:${options.dicom.port}` : 'off',
      dataDir: options.dataDir,
    },
    'Bootstrap',
  );
}

void main();
