import { expect } from 'chai';
import { en } from '../../../widget/app/texts.js';

describe('widget texts: the greeting with the visitor\'s name', () => {
  it('greets once: the welcome text\'s own greeting gives way to the one with the name', () => {
    expect(en.hello('Maria', 'Hi! How can we help you today?')).to.equal('Hi Maria! How can we help you today?');
    expect(en.hello('Maria', 'Hello, how can we help?')).to.equal('Hi Maria! How can we help?');
    expect(en.hello('Maria', 'Hey there! Ask us anything.')).to.equal('Hi Maria! Ask us anything.');
  });

  it('keeps a welcome text without a greeting whole, after the name', () => {
    expect(en.hello('Maria', 'How can we help you today?')).to.equal('Hi Maria! How can we help you today?');
    expect(en.hello('Maria', 'Highly skilled plumbers at your service.')).to.equal('Hi Maria! Highly skilled plumbers at your service.');
    expect(en.hello('Maria', 'Hi')).to.equal('Hi Maria!');
  });
});
