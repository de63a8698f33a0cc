import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsMatchExpression, MAX_SEARCH_TERMS } from '@/lib/history/fts-query';

describe('ftsMatchExpression', () => {
  it('quotes every word, keeps phrases and prefixes', () => {
    expect(ftsMatchExpression('card declined')).toBe('"card" "declined"');
    expect(ftsMatchExpression('"insufficient funds" pm_grace_visa')).toBe('"insufficient funds" "pm_grace_visa"');
    expect(ftsMatchExpression('outag*')).toBe('"outag"*');
    expect(ftsMatchExpression('say "hi')).toBe('"say" "hi"');
  });

  it('turns operators and quotes in the input into searched text', () => {
    expect(ftsMatchExpression('a OR b')).toBe('"a" "OR" "b"');
    expect(ftsMatchExpression('body:x NEAR(y')).toBe('"body:x" "NEAR(y"');
    expect(ftsMatchExpression('it"s')).toBe('"it""s"');
  });

  it('has nothing to search for without a letter or a digit', () => {
    for (const text of ['', '   ', '"""', '*', '-- ** ""', '👩‍👩‍👧']) expect(ftsMatchExpression(text), text).toBeNull();
    expect(ftsMatchExpression('ünïcödé 42')).toBe('"ünïcödé" "42"');
  });

  it('keeps at most a bounded number of terms', () => {
    expect(ftsMatchExpression(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))!.split(' ')).toHaveLength(
      MAX_SEARCH_TERMS,
    );
  });

  it('never makes an expression FTS5 refuses, whatever the input', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`);
    db.prepare('INSERT INTO t (body) VALUES (?)').run('card pm_grace_visa declined: insufficient funds (ord_1)');
    const query = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    const nasty = [
      '"',
      '""',
      'a"b"c',
      'NOT',
      'AND OR',
      '^x',
      'x:y',
      '(',
      ')',
      '{a b}: c',
      '+',
      '-x',
      'NEAR(a b, 3)',
      '\u0000',
      '*x',
      'x**',
      '\\"',
      "'; DROP TABLE t; --",
    ];
    let state = 7;
    const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab "*():^-+{},NORTANDE\u00e9_0';
    for (let i = 0; i < 2000; i++)
      nasty.push(
        Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(
          '',
        ),
      );
    for (const text of nasty) {
      const expression = ftsMatchExpression(text);
      if (expression !== null) expect(() => query.get(expression), text).not.toThrow();
    }
    expect((query.get(ftsMatchExpression('"insufficient funds" PM_GRACE_VISA')!) as { n: number }).n).toBe(1);
    expect((query.get(ftsMatchExpression('funds insufficient')!) as { n: number }).n).toBe(1);
    expect((query.get(ftsMatchExpression('"funds insufficient"')!) as { n: number }).n).toBe(0);
    db.close();
  });
});
