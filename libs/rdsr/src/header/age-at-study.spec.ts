import { ageAt, calendarDate, formatAge, type CalendarDate } from './age-at-study';

function date(da: string): CalendarDate {
  const d = calendarDate(da);
  if (d === null) throw new Error(`not a complete date: ${da}`);
  return d;
}

const age = (born: string, at: string): string | null => {
  const a = ageAt(date(born), date(at));
  return a && formatAge(a);
};

describe('calendarDate', () => {
  it('reads a complete DA, and the YYYY.MM.DD of older objects', () => {
    expect(calendarDate('19500304')).toEqual({ year: 1950, month: 3, day: 4 });
    expect(calendarDate(' 1950.03.04 ')).toEqual({ year: 1950, month: 3, day: 4 });
  });

  it.each(['1950', '195003', '19500000', '19500300', '19501304', '19500230', '19230229', 'unknown', ''])('refuses the partial or impossible date %p', (da) => {
    expect(calendarDate(da)).toBeNull();
  });

  it('accepts 29 February of a leap year only', () => {
    expect(calendarDate('20000229')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(calendarDate('19000229')).toBeNull();
  });
});

describe('ageAt: the age as Patient Age (AS) would give it', () => {
  it('counts completed years: the day before a birthday is a year less', () => {
    expect(age('19500304', '20240320')).toBe('074Y');
    expect(age('20060321', '20240320')).toBe('017Y');
    expect(age('20060321', '20240321')).toBe('018Y');
    expect(age('20230320', '20240320')).toBe('001Y');
  });

  it('counts a 29 February birthday on 1 March in a common year, on 29 February in a leap year', () => {
    expect(age('20000229', '20230228')).toBe('022Y');
    expect(age('20000229', '20230301')).toBe('023Y');
    expect(age('20000229', '20240228')).toBe('023Y');
    expect(age('20000229', '20240229')).toBe('024Y');
  });

  it('gives completed months under a year', () => {
    expect(age('20240105', '20240720')).toBe('006M');
    expect(age('20230321', '20240320')).toBe('011M');
    expect(age('20240131', '20240301')).toBe('001M');
  });

  it('gives days under a month, across a month that lacks the day of birth', () => {
    expect(age('20240310', '20240320')).toBe('010D');
    expect(age('20240131', '20240229')).toBe('029D');
    expect(age('20231231', '20240101')).toBe('001D');
    expect(age('20240320', '20240320')).toBe('000D');
  });

  it('is null when the study is before the birth', () => {
    expect(age('20240321', '20240320')).toBeNull();
    expect(age('20240320', '20230401')).toBeNull();
    expect(age('20250101', '20240320')).toBeNull();
  });
});
