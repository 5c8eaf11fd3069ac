import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect } from 'chai';
import { createLocalEngine, type LocalEngine } from '../../../lib/ai/localEngine.js';
import { detectLanguage } from '../../../lib/ai/language.js';
import { parseLabelledMessages, QUALITY_THRESHOLDS, scoreEngine } from '../../../lib/ai/quality.js';

const messages = parseLabelledMessages(fs.readFileSync(new URL('../../fixtures/ai/messages.tsv', import.meta.url), 'utf8'));

describe('local AI engine', () => {
  let engine: LocalEngine;
  let longestBlockMs: number;

  before(async () => {
    // Trained once for the file, as the server does at start-up, with a knowledge-base question added.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    engine = await createLocalEngine({
      extra: [
        { language: 'en', text: 'do you ship to Iceland', intent: 'kb:shipping-iceland' },
        { language: 'en', text: 'can I send parcels to Reykjavik', intent: 'kb:shipping-iceland' },
        { language: 'en', text: 'delivery to Iceland', intent: 'kb:shipping-iceland' },
      ],
    });
    delay.disable();
    longestBlockMs = delay.max / 1e6;
  });

  it('scores the labelled set (300+ messages in English, Spanish and French) at or above the thresholds docs/ai.md states', async () => {
    expect(messages.length).to.be.at.least(300);
    expect(new Set(messages.map((m) => m.language))).to.deep.equal(new Set(['en', 'es', 'fr']));
    const score = await scoreEngine(engine, messages);
    expect(score.wantsHumanRecall, '"wants a human" recall').to.be.at.least(QUALITY_THRESHOLDS.wantsHumanRecall);
    expect(score.polarityAccuracy, 'sentiment polarity accuracy').to.be.at.least(QUALITY_THRESHOLDS.polarityAccuracy);
    expect(score.intentAccuracy, 'intent accuracy').to.be.at.least(QUALITY_THRESHOLDS.intentAccuracy);
    expect(score.wantsHumanFalsePositive, 'messages wrongly taken as asking for a human').to.be.below(0.05);
  });

  it('trains in seconds, one language at a time, without blocking the event loop for a whole second', () => {
    expect(engine.trainedMs).to.be.below(5000);
    expect(longestBlockMs).to.be.below(1000);
  });

  it('learns a website\'s knowledge-base questions as intents of their own', async () => {
    const a = await engine.analyze('Do you deliver to Iceland?');
    expect(a.intent).to.equal('kb:shipping-iceland');
    expect(a.wantsHuman).to.equal(false);
  });

  it('flags a request for a person in any supported language, with the language and a negative mood when it is angry', async () => {
    const angry = await engine.analyze('This bot is useless, I want to speak to a human now');
    expect(angry).to.include({ language: 'en', wantsHuman: true, polarity: 'negative' });
    expect(angry.sentiment).to.be.below(0);
    expect(await engine.analyze('quiero hablar con una persona, por favor')).to.include({ language: 'es', wantsHuman: true, intent: 'human' });
    expect(await engine.analyze('je voudrais parler à un conseiller')).to.include({ language: 'fr', wantsHuman: true, intent: 'human' });
  });

  it('answers something sensible for empty, odd or unknown input instead of failing', async () => {
    for (const text of ['', '   ', '?!?', '1234 5678', 'xqzv plorth wibble']) {
      const a = await engine.analyze(text);
      expect(a.language).to.be.oneOf(['en', 'es', 'fr']);
      expect(a.sentiment).to.be.within(-1, 1);
      expect(a.wantsHuman).to.equal(false);
    }
    expect(detectLanguage('')).to.equal('en');
  });

  it('rejects a malformed labelled set with the line at fault', () => {
    expect(() => parseLabelledMessages('en\tgreeting\thappy\thello')).to.throw(/line 1/);
  });
});
