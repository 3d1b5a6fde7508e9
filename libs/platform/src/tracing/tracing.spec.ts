import { ConfigError } from '../config/load-config';
import { tracingSettingsFromEnv } from './tracing';

describe('tracingSettingsFromEnv', () => {
  it('is off by default, every new trace sampled once on', () => {
    expect(tracingSettingsFromEnv({})).toEqual({ otlpTracesEndpoint: null, sampleRatio: 1 });
    expect(tracingSettingsFromEnv({ KERMA_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', KERMA_TRACE_SAMPLE_RATIO: '0.25' })).toEqual({
      otlpTracesEndpoint: 'http://collector:4318/v1/traces',
      sampleRatio: 0.25,
    });
  });

  it('names a bad endpoint and a ratio outside 0..1', () => {
    expect(() => tracingSettingsFromEnv({ KERMA_OTLP_TRACES_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
    expect(() => tracingSettingsFromEnv({ KERMA_OTLP_TRACES_ENDPOINT: 'collector:4318' })).toThrow(/KERMA_OTLP_TRACES_ENDPOINT: expected the http\(s\) URL/);
    expect(() => tracingSettingsFromEnv({ KERMA_TRACE_SAMPLE_RATIO: '2' })).toThrow(/KERMA_TRACE_SAMPLE_RATIO/);
  });
});
