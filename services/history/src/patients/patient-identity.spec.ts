import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type { StudyRecord } from '../persistence/study-record.entity';
import { issuerWhere, onePatient, parseIssuer, parseWindowDays } from './patient-identity';

const withIssuer = (issuer: string | null) => ({ patientIdIssuer: issuer }) as StudyRecord;

describe('patient identity in queries', () => {
  it('reads ?issuer=X as that issuer, ?issuer= and ?issuer=(none) as "no issuer", no parameter as any', () => {
    expect(parseIssuer('HOSP-A')).toEqual({ kind: 'issuer', issuer: 'HOSP-A' });
    expect(parseIssuer('')).toEqual({ kind: 'none' });
    expect(parseIssuer('(none)')).toEqual({ kind: 'none' });
    expect(parseIssuer(undefined)).toEqual({ kind: 'any' });
    expect(issuerWhere(parseIssuer(''))).toEqual({ patientIdIssuer: IsNull() });
    expect(issuerWhere(parseIssuer('HOSP-A'))).toEqual({ patientIdIssuer: 'HOSP-A' });
    expect(issuerWhere(parseIssuer(undefined))).toEqual({});
    expect(() => parseIssuer('x'.repeat(65))).toThrow(BadRequestException);
  });

  it('refuses an id under several issuers without a choice, naming each issuer and how to ask for it', () => {
    const records = [withIssuer('HOSP-A'), withIssuer(null)];
    expect(() => onePatient({ kind: 'any' }, records)).toThrow(ConflictException);
    expect(() => onePatient({ kind: 'any' }, records)).toThrow(
      'this patient id exists under several issuers (HOSP-A, (none)): choose one with ?issuer=HOSP-A, ?issuer=(none) (or ?issuer=)',
    );
    expect(onePatient({ kind: 'none' }, [withIssuer(null)])).toEqual({ issuers: [null] });
    expect(onePatient({ kind: 'any' }, [withIssuer('HOSP-A'), withIssuer('HOSP-A')])).toEqual({ issuers: ['HOSP-A'] });
    expect(() => onePatient({ kind: 'none' }, [])).toThrow(new NotFoundException('no studies for this patient id (without issuer)'));
  });

  it('validates the window', () => {
    expect(parseWindowDays(undefined)).toBe(60);
    expect(parseWindowDays('90')).toBe(90);
    for (const bad of ['0', '-5', '1.5', 'abc', '36501', '1e3']) expect(() => parseWindowDays(bad)).toThrow(/windowDays must be an integer from 1 to 36500/);
  });
});
