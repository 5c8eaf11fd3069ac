import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { hashPassword, unusableHash, verifyPassword, PASSWORD_COST } from '../../lib/domain/auth/passwords.js';

describe('password hashes', () => {
  it('compares an unknown e-mail against a hash of the same cost as the real ones (so it takes as long)', async () => {
    const real = await hashPassword('a real password');
    expect(bcrypt.getRounds(await unusableHash())).to.equal(bcrypt.getRounds(real)).and.to.equal(PASSWORD_COST);
    expect(await unusableHash()).to.equal(await unusableHash());
    expect(await verifyPassword('', await unusableHash())).to.equal(false);
  });
});
