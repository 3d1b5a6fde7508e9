/** Who produces and who consumes each event topic: the map a newcomer reads first. */
export const TOPIC_FLOW: Readonly<Record<string, { readonly producers: readonly string[]; readonly consumers: readonly string[] }>> = {
  'kerma.rdsr.received.v1': { producers: ['ingest'], consumers: ['parser', 'history'] },
  'kerma.study.parsed.v1': { producers: ['parser'], consumers: ['skin-dose', 'history', 'notification'] },
  'kerma.skin-dose.calculated.v1': { producers: ['skin-dose'], consumers: ['history', 'notification'] },
  'kerma.dose-alert.v1': { producers: ['notification'], consumers: ['history', 'external subscribers'] },
  'kerma.patient-link.v1': { producers: ['history'], consumers: ['notification'] },
  'kerma.api-key.v1': { producers: ['history'], consumers: ['ingest', 'skin-dose', 'history', 'notification'] },
  'kerma.api-key.used.v1': { producers: ['ingest', 'skin-dose', 'history', 'notification'], consumers: ['history'] },
  'kerma.audit.v1': { producers: ['ingest', 'skin-dose', 'history', 'notification'], consumers: ['history'] },
  'kerma.rdsr.received.v1.dlq': { producers: ['parser', 'history'], consumers: ['history', 'operators'] },
  'kerma.study.parsed.v1.dlq': { producers: ['skin-dose', 'history', 'notification'], consumers: ['history', 'operators'] },
  'kerma.skin-dose.calculated.v1.dlq': { producers: ['history', 'notification'], consumers: ['history', 'operators'] },
  'kerma.dose-alert.v1.dlq': { producers: ['history'], consumers: ['operators'] },
  'kerma.patient-link.v1.dlq': { producers: ['notification'], consumers: ['operators'] },
  'kerma.api-key.v1.dlq': { producers: ['ingest', 'skin-dose', 'history', 'notification'], consumers: ['operators'] },
  'kerma.api-key.used.v1.dlq': { producers: ['history'], consumers: ['operators'] },
  'kerma.audit.v1.dlq': { producers: ['history'], consumers: ['operators'] },
};
