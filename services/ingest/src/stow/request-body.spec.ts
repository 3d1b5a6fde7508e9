import { dicomObjectsOf, StowRequestError } from './request-body';

function multipart(boundary: string, parts: { type?: string; body: string }[]): Buffer {
  return Buffer.from(
    parts.map((p) => `--${boundary}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n${p.body}\r\n`).join('') + `--${boundary}--\r\n`,
  );
}

describe('dicomObjectsOf', () => {
  it('returns each application/dicom part of multipart/related', () => {
    const body = multipart('b1', [{ type: 'application/dicom', body: 'first' }, { type: 'application/dicom', body: 'second' }]);
    const parts = dicomObjectsOf('multipart/related; type="application/dicom"; boundary=b1', body);
    expect(parts.map((p) => Buffer.from(p).toString())).toEqual(['first', 'second']);
  });

  it('takes a single application/dicom body as one object', () => {
    expect(dicomObjectsOf('application/dicom', Buffer.from('x'))).toHaveLength(1);
  });

  it.each([
    ['application/json', 415, /unsupported media type "application\/json"/],
    [undefined, 415, /\(none\)/],
    ['multipart/related; type="application/dicom+xml"; boundary=b', 415, /application\/dicom\+xml/],
    ['multipart/related; type="application/dicom"', 400, /boundary/],
  ])('refuses content type %s with %i', (contentType, status, message) => {
    try {
      dicomObjectsOf(contentType, multipart('b', [{ type: 'application/dicom', body: 'x' }]));
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(StowRequestError);
      expect((err as StowRequestError).status).toBe(status);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('refuses a part of another media type, naming it', () => {
    const body = multipart('b2', [{ type: 'text/plain', body: 'hello' }]);
    expect(() => dicomObjectsOf('multipart/related; type="application/dicom"; boundary=b2', body)).toThrow(/text\/plain/);
  });

  it('refuses a multipart body without parts', () => {
    expect(() => dicomObjectsOf('multipart/related; boundary=b3', Buffer.from('--b3--\r\n'))).toThrow(StowRequestError);
  });
});
