import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { CSV_REQUIRED_COLUMNS, headerIssues, rowToBody } from './csv-row.js';
import { REQUEST_FIELDS } from './request-input.js';

describe('CSV columns', () => {
  it('accepts the documented columns in any order', () => {
    fc.assert(fc.property(fc.shuffledSubarray([...REQUEST_FIELDS], { minLength: REQUEST_FIELDS.length }), (header) => expect(headerIssues(header)).toEqual([])));
  });

  it('names unknown, repeated and missing columns', () => {
    expect(headerIssues(['externalId', 'guestName', 'externalId'])).toEqual([
      { field: 'guestName', reason: 'is not a documented column' },
      { field: 'externalId', reason: 'appears twice' },
      ...CSV_REQUIRED_COLUMNS.filter((c) => c !== 'externalId').map((field) => ({ field, reason: 'column is required' })),
    ]);
  });

  it('drops empty cells and requires an externalId in every row', () => {
    expect(rowToBody({ externalId: ' ', guestFirstName: 'Ann', notes: '' })).toEqual({ body: { guestFirstName: 'Ann' }, issues: [{ field: 'externalId', reason: 'is required in a CSV import' }] });
    expect(rowToBody({ externalId: 'x-1', notes: 'n' })).toEqual({ body: { externalId: 'x-1', notes: 'n' }, issues: [] });
  });
});
