import { describe, expect, it } from '@jest/globals';
import { textractRegion } from './config.js';

describe('textractRegion', () => {
  it('uses Textract when a region is configured, TEXTRACT_REGION before AWS_REGION', () => {
    expect(textractRegion({ EXTRACTOR_ENGINE: 'auto', TEXTRACT_REGION: undefined, AWS_REGION: undefined })).toBeNull();
    expect(textractRegion({ EXTRACTOR_ENGINE: 'auto', TEXTRACT_REGION: undefined, AWS_REGION: 'eu-central-1' })).toBe('eu-central-1');
    expect(textractRegion({ EXTRACTOR_ENGINE: 'auto', TEXTRACT_REGION: 'eu-west-1', AWS_REGION: 'eu-central-1' })).toBe('eu-west-1');
  });

  it('keeps the built-in extractor when told to, and refuses Textract without a region', () => {
    expect(textractRegion({ EXTRACTOR_ENGINE: 'local', TEXTRACT_REGION: 'eu-west-1', AWS_REGION: undefined })).toBeNull();
    expect(() => textractRegion({ EXTRACTOR_ENGINE: 'textract', TEXTRACT_REGION: undefined, AWS_REGION: undefined })).toThrow(/TEXTRACT_REGION or AWS_REGION/);
  });
});
