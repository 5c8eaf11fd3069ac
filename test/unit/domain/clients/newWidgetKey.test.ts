import { expect } from 'chai';
import { newWidgetKey } from '../../../../lib/domain/clients/createClient.js';

describe('widget keys', () => {
  it('are 24 URL-safe characters, all different, and none starts with "-" (the CLI would take it for an option)', () => {
    // With plain base64url one key in 64 starts with "-": 2,000 keys have all 64 leading characters but that one.
    const keys = Array.from({ length: 2000 }, () => newWidgetKey());
    for (const key of keys) expect(key).to.match(/^[A-Za-z0-9_][A-Za-z0-9_-]{23}$/);
    expect(new Set(keys).size).to.equal(keys.length);
    expect(new Set(keys.map((k) => k[0])).size, 'leading characters seen').to.equal(63);
  });
});
